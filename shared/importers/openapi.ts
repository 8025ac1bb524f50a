export { convertOpenApi, isOpenApi } from './openapi/convert';
export { exampleOf } from './openapi/example';
