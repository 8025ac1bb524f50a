declare module 'monaco-editor/editor/editor.worker.js?worker' { const W: new () => Worker; export default W; }
declare module 'monaco-editor/languages/features/json/json.worker.js?worker' { const W: new () => Worker; export default W; }
declare module 'monaco-editor/languages/features/json/register.js';
declare module 'monaco-editor/languages/definitions/xml/register.js';
declare module 'monaco-editor/languages/definitions/html/register.js';
declare module 'monaco-editor/languages/definitions/graphql/register.js';
interface Window { MonacoEnvironment?: { getWorker(id: string, label: string): Worker } }
declare module '*?worker' { const W: new () => Worker; export default W; }
declare module 'monaco-editor/languages/features/typescript/ts.worker.js?worker' { const W: new () => Worker; export default W; }
declare module 'monaco-editor/languages/definitions/javascript/register.js';
declare module 'monaco-editor/editor/contrib/*';
declare module 'monaco-editor/editor/common/services/treeViewsDndService.js';
declare module 'monaco-editor/platform/actionWidget/browser/actionWidget.js';
declare module 'monaco-editor/features/*';
