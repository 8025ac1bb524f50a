import { useEffect, useRef, useState } from 'react';
import type * as Monaco from 'monaco-editor/editor/editor.api.js';
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
    ]);
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
      // The editor features a language service speaks to: completion, hover, signatures, quick fixes.
      import('monaco-editor/editor/contrib/suggest/browser/suggestController.js'),
      import('monaco-editor/editor/contrib/hover/browser/hoverContribution.js'),
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

export interface CodeEditorProps {
  value: string;
  language: 'json' | 'xml' | 'html' | 'graphql' | 'plaintext' | 'javascript';
  onChange?: ((value: string) => void) | undefined;
  readOnly?: boolean | undefined;
  label: string;
  height?: number | string | undefined;
}

export function CodeEditor({ value, language, onChange, readOnly, label, height = 220 }: CodeEditorProps) {
  const host = useRef<HTMLDivElement>(null);
  const editor = useRef<Monaco.editor.IStandaloneCodeEditor | undefined>(undefined);
  const changeRef = useRef(onChange);
  changeRef.current = onChange;
  const [ready, setReady] = useState(false);

  useEffect(() => {
    let disposed = false;
    void loadMonaco().then(async (monaco) => {
      if (language === 'javascript') await loadScripting();
      if (disposed || !host.current) return;
      const dark = window.matchMedia('(prefers-color-scheme: dark)').matches;
      editor.current = monaco.editor.create(host.current, {
        value, language, readOnly: readOnly ?? false, automaticLayout: true, minimap: { enabled: false },
        theme: dark ? 'vs-dark' : 'vs', fontSize: 13, scrollBeyondLastLine: false, wordWrap: 'on', ariaLabel: label,
        largeFileOptimizations: true,
      });
      editor.current.onDidChangeModelContent(() => changeRef.current?.(editor.current?.getValue() ?? ''));
      setReady(true);
    });
    return () => { disposed = true; editor.current?.dispose(); editor.current = undefined; };
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
