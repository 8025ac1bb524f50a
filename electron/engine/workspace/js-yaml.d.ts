// The part of js-yaml 4 that yaml-io.ts uses (the package ships no typings of its own).
declare module 'js-yaml' {
  export interface Schema {
    extend(types: { implicit?: Type[]; explicit?: Type[] }): Schema;
  }
  export class Type {
    constructor(tag: string, options: { kind: 'scalar'; resolve: (data: string | null) => boolean; construct: (data: string | null) => unknown });
  }
  export const FAILSAFE_SCHEMA: Schema;
  export function load(text: string, options?: { schema?: Schema; json?: boolean; filename?: string }): unknown;
}
