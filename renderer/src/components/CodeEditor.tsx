import { useEffect, useRef, useState } from 'react';
import type * as Monaco from 'monaco-editor/editor/editor.api.js';
import { theme } from '../features/theme';
import { PM_TYPES } from '../lib/pm-types';

type MonacoApi = typeof Monaco;
let loading: Promise<MonacoApi> | undefined;

/**
 * Monaco, bundled locally and loaded on first use (so the first request tab is interactive before
 * the editor's 3 MB arrive). Workers are Vite worker chunks from our own origin: the CSP allows
 * 'self' workers only.
 */
export function loadMonaco(): Promise<MonacoApi> {
  loading ??= (async () => {
    const [monaco, EditorWorker, JsonWorker] = await Promise.all([
      import('monaco-editor/editor/editor.api.js'),
      import('monaco-editor/editor/editor.worker.js?worker').then((m) => m.default),
      import('monaco-editor/languages/features/json/json.worker.js?worker').then((m) => m.default),
      import('monaco-editor/languages/features/json/register.js'),
      import('monaco-editor/languages/definitions/xml/register.js'),
      import('monaco-editor/languages/definitions/html/register.js'),
      import('monaco-editor/languages/definitions/graphql/register.js'),
      // Services that language features already in the bundle ask for; without them each editor
      // throws "depends on UNKNOWN service" page errors when it is created.
      import('monaco-editor/editor/contrib/suggest/browser/suggestMemory.js'),
      import('monaco-editor/editor/contrib/codelens/browser/codeLensCache.js'),
      import('monaco-editor/editor/contrib/inlayHints/browser/inlayHintsController.js'),
      import('monaco-editor/platform/actionWidget/browser/actionWidget.js'),
      import('monaco-editor/editor/common/services/treeViewsDndService.js'),
      // What every code surface offers from the first editor on: find and replace (Ctrl+F, Ctrl+H),
      // folding, bracket matching, the errors of a JSON body on hover and F8, formatting, the
      // editing keys people expect (comment, move and copy lines, multi-cursor, word moves).
      ...EDITOR_FEATURES.map((load) => load()),
    ]);
    defineThemes(monaco);
    self.MonacoEnvironment = {
      getWorker: (_id: string, label: string) => {
        if (label === 'json') return new JsonWorker();
        if (label === 'typescript' || label === 'javascript') return new TsWorker();
        return new EditorWorker();
      },
    };
    return monaco;
  })();
  return loading;
}

const EDITOR_FEATURES = [
  () => import('monaco-editor/features/find/register.js'),
  () => import('monaco-editor/features/folding/register.js'),
  () => import('monaco-editor/features/bracketMatching/register.js'),
  () => import('monaco-editor/features/hover/register.js'),
  () => import('monaco-editor/features/gotoError/register.js'),
  () => import('monaco-editor/features/format/register.js'),
  () => import('monaco-editor/features/contextmenu/register.js'),
  () => import('monaco-editor/features/clipboard/register.js'),
  () => import('monaco-editor/features/comment/register.js'),
  () => import('monaco-editor/features/linesOperations/register.js'),
  () => import('monaco-editor/features/multicursor/register.js'),
  () => import('monaco-editor/features/wordOperations/register.js'),
  () => import('monaco-editor/features/wordHighlighter/register.js'),
  () => import('monaco-editor/features/smartSelect/register.js'),
  () => import('monaco-editor/features/indentation/register.js'),
];

const THEMES = { light: 'keyhole-light', dark: 'keyhole-dark' } as const;

/**
 * Monaco's theme is global: one setTheme recolours every editor already on screen, so the editors
 * follow the app's theme (and the system's, when that is the choice) from one subscription here.
 * The backgrounds are the app's own (styles.css --bg), so an editor does not sit as a block of
 * another grey inside its panel.
 */
function defineThemes(monaco: MonacoApi): void {
  monaco.editor.defineTheme(THEMES.light, { base: 'vs', inherit: true, rules: [], colors: { 'editor.background': '#ffffff', 'editorLineNumber.foreground': '#5c6370' } });
  monaco.editor.defineTheme(THEMES.dark, { base: 'vs-dark', inherit: true, rules: [], colors: { 'editor.background': '#1b1d21', 'editorLineNumber.foreground': '#9aa0a8' } });
  monaco.editor.setTheme(THEMES[theme.get().theme]);
  theme.subscribe(() => monaco.editor.setTheme(THEMES[theme.get().theme]));
}

let TsWorker: new () => Worker;
let scripting: Promise<void> | undefined;

/**
 * JavaScript with the `pm` declarations, for the script editors only: the TypeScript service is
 * the largest part of Monaco, so bodies and responses never pay for it.
 */
function loadScripting(): Promise<void> {
  scripting ??= (async () => {
    const [ts, Worker] = await Promise.all([
      import('monaco-editor/languages/features/typescript/register.js'),
      import('monaco-editor/languages/features/typescript/ts.worker.js?worker').then((m) => m.default),
      import('monaco-editor/languages/definitions/javascript/register.js'),
      // The editor features a language service speaks to: completion, signatures, quick fixes.
      import('monaco-editor/editor/contrib/suggest/browser/suggestController.js'),
      import('monaco-editor/editor/contrib/parameterHints/browser/parameterHints.js'),
      import('monaco-editor/editor/contrib/inlayHints/browser/inlayHintsContribution.js'),
      import('monaco-editor/editor/contrib/codelens/browser/codelensController.js'),
      import('monaco-editor/editor/contrib/codeAction/browser/codeActionContributions.js'),
    ]);
    TsWorker = Worker;
    const js = ts.javascriptDefaults;
    js.setCompilerOptions({ ...js.getCompilerOptions(), allowNonTsExtensions: true, target: ts.ScriptTarget.ES2020 });
    js.addExtraLib(PM_TYPES, 'file:///keyhole/pm.d.ts');
  })();
  return scripting;
}

let completion: Promise<unknown> | undefined;

/** The suggest widget, for editors whose language has a completion provider (GraphQL). */
function loadCompletion(): Promise<unknown> {
  completion ??= import('monaco-editor/editor/contrib/suggest/browser/suggestController.js');
  return completion;
}

export type EditorMount = (editor: Monaco.editor.IStandaloneCodeEditor, monaco: MonacoApi) => (() => void) | undefined;

export interface CodeEditorProps {
  value: string;
  language: 'json' | 'xml' | 'html' | 'graphql' | 'plaintext' | 'javascript';
  onChange?: ((value: string) => void) | undefined;
  readOnly?: boolean | undefined;
  label: string;
  height?: number | string | undefined;
  /** Called once the editor exists (language services attach here); what it returns runs on unmount. */
  onMount?: EditorMount | undefined;
  /** What Ctrl+Enter does in this editor (a composer's own send), given the text as it is now; the app's Send when absent. */
  onSend?: ((text: string) => void) | undefined;
}

export function CodeEditor({ value, language, onChange, readOnly, label, height = 220, onMount, onSend }: CodeEditorProps) {
  const host = useRef<HTMLDivElement>(null);
  const editor = useRef<Monaco.editor.IStandaloneCodeEditor | undefined>(undefined);
  const changeRef = useRef(onChange);
  changeRef.current = onChange;
  const sendRef = useRef(onSend);
  sendRef.current = onSend;
  const [ready, setReady] = useState(false);

  useEffect(() => {
    let disposed = false;
    let unmount: (() => void) | undefined;
    void loadMonaco().then(async (monaco) => {
      if (language === 'javascript') await loadScripting();
      if (language === 'graphql') await loadCompletion();
      if (disposed || !host.current) return;
      editor.current = monaco.editor.create(host.current, {
        value, language, readOnly: readOnly ?? false, automaticLayout: true, minimap: { enabled: false },
        theme: THEMES[theme.get().theme], fontSize: 13, scrollBeyondLastLine: false, wordWrap: 'on', ariaLabel: label,
        largeFileOptimizations: true, showFoldingControls: 'always',
      });
      editor.current.onDidChangeModelContent(() => changeRef.current?.(editor.current?.getValue() ?? ''));
      // Ctrl+Enter sends from an editor too, as in every peer: Monaco's own binding (insert a line
      // below) would keep the key from the app. Unless the editor sends something of its own, the
      // key goes to the app's keyboard handler as the key it is, so the command table
      // (features/palette/commands.ts) stays the one place it is bound.
      editor.current.addAction({
        id: 'keyhole.send', label: 'Send', keybindings: [monaco.KeyMod.CtrlCmd | monaco.KeyCode.Enter],
        run: () => {
          // The editor's text, not the last render's: a key pressed right after typing sends what was typed.
          if (sendRef.current) sendRef.current(editor.current?.getValue() ?? '');
          else window.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', ctrlKey: true }));
        },
      });
      unmount = onMount?.(editor.current, monaco);
      setReady(true);
    });
    return () => { disposed = true; unmount?.(); editor.current?.dispose(); editor.current = undefined; };
    // The editor is created once; value and language changes are applied below.
  }, []);

  useEffect(() => {
    const e = editor.current;
    if (e && e.getValue() !== value) e.setValue(value);
  }, [value, ready]);

  useEffect(() => {
    const model = editor.current?.getModel();
    if (model) void loadMonaco().then((m) => m.editor.setModelLanguage(model, language));
  }, [language, ready]);

  return (
    <div className="code-editor" style={{ height }} data-ready={ready} aria-label={label} role="group">
      <div ref={host} style={{ height: '100%' }} />
    </div>
  );
}

/** Formats JSON text (two spaces); undefined when it does not parse. */
export function formatJson(text: string): string | undefined {
  try {
    return JSON.stringify(JSON.parse(text), null, 2);
  } catch {
    return undefined;
  }
}
