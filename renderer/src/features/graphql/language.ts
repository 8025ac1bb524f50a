import type * as Monaco from 'monaco-editor/editor/editor.api.js';
import type { GraphQLSchema } from 'graphql';

type MonacoApi = typeof Monaco;
type Gls = typeof import('graphql-language-service');

/** The schema each GraphQL editor's model completes, validates and hovers against, by model URI. */
const schemaOf = new Map<string, () => GraphQLSchema | undefined>();
let registered: Promise<Gls> | undefined;

/** LSP CompletionItemKind (graphql-language-service's) to Monaco's names. */
const KINDS: Record<number, keyof typeof Monaco.languages.CompletionItemKind> = {
  1: 'Text', 2: 'Method', 3: 'Function', 4: 'Constructor', 5: 'Field', 6: 'Variable', 7: 'Class', 8: 'Interface', 9: 'Module',
  10: 'Property', 11: 'Unit', 12: 'Value', 13: 'Enum', 14: 'Keyword', 15: 'Snippet', 16: 'Color', 17: 'File', 18: 'Reference',
  19: 'Folder', 20: 'EnumMember', 21: 'Constant', 22: 'Struct', 23: 'Event', 24: 'Operator', 25: 'TypeParameter',
};

/**
 * graphql-language-service (GraphiQL's engine) wired into Monaco's providers: monaco-graphql
 * would do this but declares monaco-editor < 0.53 as its peer. The providers are global to the
 * language; each model finds its own schema here. Completion and hover run when asked for;
 * validation runs after typing pauses (DELAY), so a large schema never sits on a keystroke.
 */
function register(monaco: MonacoApi): Promise<Gls> {
  registered ??= import('graphql-language-service').then((gls) => {
    monaco.languages.registerCompletionItemProvider('graphql', {
      triggerCharacters: ['{', '(', ':', '$', '@', ' ', '\n'],
      provideCompletionItems(model, position) {
        const schema = schemaOf.get(model.uri.toString())?.();
        if (!schema) return { suggestions: [] };
        const items = gls.getAutocompleteSuggestions(schema, model.getValue(), new gls.Position(position.lineNumber - 1, position.column - 1));
        const word = model.getWordUntilPosition(position);
        const range = new monaco.Range(position.lineNumber, word.startColumn, position.lineNumber, word.endColumn);
        return {
          suggestions: items.map((i, n) => ({
            label: i.label,
            kind: monaco.languages.CompletionItemKind[KINDS[i.kind ?? 1] ?? 'Text'],
            insertText: i.insertText ?? i.label,
            ...(i.insertTextFormat === 2 ? { insertTextRules: monaco.languages.CompletionItemInsertTextRule.InsertAsSnippet } : {}),
            detail: i.detail ?? (i.type ? String(i.type) : undefined),
            documentation: i.documentation ? { value: i.documentation } : undefined,
            tags: i.isDeprecated ? [monaco.languages.CompletionItemTag.Deprecated] : undefined,
            sortText: String(n).padStart(5, '0'),
            range,
          })),
        };
      },
    });
    monaco.languages.registerHoverProvider('graphql', {
      provideHover(model, position) {
        const schema = schemaOf.get(model.uri.toString())?.();
        if (!schema) return null;
        const info = gls.getHoverInformation(schema, model.getValue(), new gls.Position(position.lineNumber - 1, position.column - 1), undefined, { useMarkdown: true });
        const text = Array.isArray(info) ? info.join('\n\n') : typeof info === 'string' ? info : (info as { value?: string }).value ?? '';
        if (text.trim() === '') return null;
        const word = model.getWordAtPosition(position);
        return {
          contents: [{ value: text }],
          ...(word ? { range: new monaco.Range(position.lineNumber, word.startColumn, position.lineNumber, word.endColumn) } : {}),
        };
      },
    });
    return gls;
  });
  return registered;
}

const DELAY = 250;

/**
 * Makes an editor a GraphQL query editor over `schema()` (read when asked, so a schema that loads
 * later is used from then on). Returns `validate` (call it when the schema changes) and `dispose`.
 */
export function attachGraphqlLanguage(monaco: MonacoApi, editor: Monaco.editor.IStandaloneCodeEditor, schema: () => GraphQLSchema | undefined): { validate(): void; dispose(): void } {
  const model = editor.getModel();
  if (!model) return { validate() {}, dispose() {} };
  const key = model.uri.toString();
  schemaOf.set(key, schema);
  let timer: ReturnType<typeof setTimeout> | undefined;
  let disposed = false;
  const run = (): void => {
    void register(monaco).then((gls) => {
      if (disposed || model.isDisposed()) return;
      const text = model.getValue();
      // An empty document is a query not yet written, not a syntax error to mark.
      const diagnostics = text.trim() === '' ? [] : gls.getDiagnostics(text, schema() ?? null);
      monaco.editor.setModelMarkers(model, 'graphql', diagnostics.map((d) => ({
        severity: d.severity === 1 ? monaco.MarkerSeverity.Error : d.severity === 2 ? monaco.MarkerSeverity.Warning : monaco.MarkerSeverity.Info,
        message: typeof d.message === 'string' ? d.message : d.message.value,
        startLineNumber: d.range.start.line + 1, startColumn: d.range.start.character + 1,
        endLineNumber: d.range.end.line + 1, endColumn: d.range.end.character + 1,
      })));
    });
  };
  const validate = (): void => { clearTimeout(timer); timer = setTimeout(run, DELAY); };
  const sub = model.onDidChangeContent(validate);
  void register(monaco).then(() => { if (!disposed) run(); });
  return {
    validate,
    dispose() {
      disposed = true;
      clearTimeout(timer);
      sub.dispose();
      schemaOf.delete(key);
    },
  };
}
