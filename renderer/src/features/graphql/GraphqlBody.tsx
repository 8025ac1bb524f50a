import { Select } from '../../ui';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type * as Monaco from 'monaco-editor/editor/editor.api.js';
import { BookOpen, RefreshCw } from 'lucide-react';
import type { Body } from '../../../../shared/model';
import { CodeEditor, type EditorMount } from '../../components/CodeEditor';
import type { Tab } from '../../state/tabs';
import { DocsExplorer } from './DocsExplorer';
import { attachGraphqlLanguage } from './language';
import { chosenOperation, keyRange, operationsOf, parseDocument, variableProblems, type VariableProblem } from './operations';
import { loadSchema, useTabSchema, type SchemaState } from './schema-store';
import './graphql.css';

type GraphqlBodyValue = Extract<Body, { mode: 'graphql' }>;

/**
 * A GraphQL request's body: where its schema comes from (introspection or an SDL file) with
 * Refresh, the query editor (completion, validation, hover from the schema), the operation to
 * send when the document holds several, the variables checked against that operation, and the
 * schema's docs.
 */
export function GraphqlBody({ tab, body, onChange }: { tab: Tab; body: GraphqlBodyValue; onChange: (b: Body) => void }) {
  const state = useTabSchema(tab);
  const [docsOpen, setDocsOpen] = useState(false);
  const doc = useMemo(() => parseDocument(body.query), [body.query]);
  const operations = useMemo(() => operationsOf(doc), [doc]);
  const named = operations.filter((o) => o.name !== undefined);

  // The editors read these when their (debounced) checks run, not when they were created.
  const live = useRef({ schema: state?.schema, body });
  live.current = { schema: state?.schema, body };
  const checks = useRef<{ query?: () => void; variables?: () => void }>({});
  useEffect(() => { checks.current.query?.(); checks.current.variables?.(); }, [state?.schema]);
  useEffect(() => { checks.current.variables?.(); }, [body.query, body.operationName]);

  const mountQuery = useCallback<EditorMount>((editor, monaco) => {
    const lang = attachGraphqlLanguage(monaco, editor, () => live.current.schema);
    checks.current.query = lang.validate;
    return () => { checks.current.query = undefined; lang.dispose(); };
  }, []);
  const [problems, setProblems] = useState<VariableProblem[]>([]);
  const mountVariables = useCallback<EditorMount>((editor, monaco) => {
    const stop = attachVariablesCheck(monaco, editor, () => live.current, setProblems);
    checks.current.variables = stop.validate;
    return () => { checks.current.variables = undefined; stop.dispose(); };
  }, []);

  return (
    <div className="gql-body">
      <SchemaBar tab={tab} body={body} state={state} onChange={onChange} docsOpen={docsOpen} toggleDocs={() => setDocsOpen((o) => !o)} />
      {named.length > 1 && (
        <div className="row">
          <label>Operation{' '}
            <Select label="Operation" value={body.operationName ?? ''} placeholder="Choose the operation to send"
              onChange={(v) => onChange({ ...body, operationName: v || undefined })}
              options={named.map((o) => ({ value: o.name ?? '', label: `${o.name} (${o.type})` }))} />
          </label>
          {!named.some((o) => o.name === body.operationName) && <span className="warn" role="note">The document holds {named.length} operations: the server needs to be told which one to run.</span>}
        </div>
      )}
      <div className={docsOpen ? 'gql-split with-docs' : 'gql-split'}>
        <div className="gql-editors">
          <CodeEditor label="GraphQL query" language="graphql" value={body.query} onChange={(query) => onChange({ ...body, query })} height={200} onMount={mountQuery} />
          <span className="gql-label" id={`gql-vars-${tab.id}`}>Variables (JSON)</span>
          <CodeEditor label="GraphQL variables" language="json" value={body.variables} onChange={(variables) => onChange({ ...body, variables })} height={110} onMount={mountVariables} />
          {problems.length > 0 && (
            <ul className="gql-problems" aria-label="Variable problems">
              {problems.map((p) => <li key={p.message} className={p.severity === 'error' ? 'bad' : 'warn'}>{p.message}</li>)}
            </ul>
          )}
        </div>
        {docsOpen && (state?.schema ? <DocsExplorer key={state.source} schema={state.schema} /> : <aside className="gql-docs" aria-label="GraphQL docs"><p className="muted">No schema loaded yet.</p></aside>)}
      </div>
    </div>
  );
}

function SchemaBar({ tab, body, state, onChange, docsOpen, toggleDocs }: {
  tab: Tab; body: GraphqlBodyValue; state: SchemaState | undefined; onChange: (b: Body) => void; docsOpen: boolean; toggleDocs: () => void;
}) {
  const source = body.schema ?? { source: 'introspection' as const };
  const [path, setPath] = useState(source.source === 'file' ? source.path : '');
  useEffect(() => { if (source.source === 'file') setPath(source.path); }, [source.source === 'file' ? source.path : undefined]);
  // The path is committed on Enter or leaving the field: every keystroke would be a read of another file.
  const commitPath = (): void => { if (source.source === 'file' && path !== source.path) onChange({ ...body, schema: { source: 'file', path } }); };
  const types = state?.schema ? Object.keys(state.schema.getTypeMap()).filter((n) => !n.startsWith('__')).length : 0;
  return (
    <div className="gql-schema-bar">
      <label>Schema{' '}
        <Select<'introspection' | 'file'> label="Schema source" value={source.source}
          onChange={(v) => onChange({ ...body, schema: v === 'file' ? { source: 'file', path } : { source: 'introspection' } })}
          options={[{ value: 'introspection', label: 'Introspection of the URL' }, { value: 'file', label: 'SDL file (.graphql)' }]} />
      </label>
      {source.source === 'file' && (
        <input aria-label="SDL file path" placeholder="schema.graphql (relative to the collection folder)" value={path}
          onChange={(e) => setPath(e.target.value)} onBlur={commitPath} onKeyDown={(e) => { if (e.key === 'Enter') commitPath(); }} />
      )}
      <button type="button" onClick={() => void loadSchema(tab.id, true)} disabled={state?.loading === true}
        title={state?.loading ? 'The schema is loading' : source.source === 'file' ? 'Read the SDL file again' : 'Send the introspection query again'}>
        <RefreshCw size={13} aria-hidden className={state?.loading ? 'spin' : undefined} /> Refresh
      </button>
      <span role="status" aria-label="Schema status" className={state?.error ? 'gql-status bad' : 'gql-status muted'}>
        {state?.loading ? 'Loading the schema…'
          : state?.error ? <><strong>{state.error.message}</strong>{state.error.hint && <> — {state.error.hint}</>}</>
            : state?.loaded ? schemaInUse(types, state.loaded)
              : ''}
      </span>
      <button type="button" aria-pressed={docsOpen} onClick={toggleDocs} disabled={!state?.schema && !docsOpen} title={state?.schema ? 'The schema\'s types and fields' : 'No schema loaded'}>
        <BookOpen size={13} aria-hidden /> Docs
      </button>
    </div>
  );
}

/** Which schema completion uses: how big, from where, with which environment, fetched when (and whether this answer came from the cache). */
function schemaInUse(types: number, loaded: NonNullable<SchemaState['loaded']>): string {
  const env = loaded.environment === undefined ? '' : ` (environment ${loaded.environment})`;
  const verb = loaded.source === 'file' ? 'read' : 'fetched';
  return `${types} types from ${loaded.from}${env}, ${verb} ${new Date(loaded.fetchedAt).toLocaleTimeString()}${loaded.cached ? ' (cached)' : ''}`;
}

const DELAY = 250;

/**
 * Markers on the variables editor (and the same problems listed under it, for screen readers): the
 * chosen operation's variable definitions, checked as the server would.
 */
function attachVariablesCheck(
  monaco: typeof Monaco, editor: Monaco.editor.IStandaloneCodeEditor,
  read: () => { schema: SchemaState['schema']; body: GraphqlBodyValue }, report: (problems: VariableProblem[]) => void,
): { validate(): void; dispose(): void } {
  const model = editor.getModel();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const run = (): void => {
    if (!model || model.isDisposed()) return;
    const { schema, body } = read();
    const op = chosenOperation(parseDocument(body.query), body.operationName);
    const text = model.getValue();
    const problems = schema && op ? variableProblems(schema, op, text) : [];
    report(problems);
    monaco.editor.setModelMarkers(model, 'graphql-variables', problems.map((p) => {
      const at = keyRange(text, p.variable);
      const start = model.getPositionAt(at?.start ?? 0);
      const end = at ? model.getPositionAt(at.end) : model.getPositionAt(Math.max(1, Math.min(text.length, 1)));
      return {
        severity: p.severity === 'error' ? monaco.MarkerSeverity.Error : monaco.MarkerSeverity.Warning,
        message: p.message,
        startLineNumber: start.lineNumber, startColumn: start.column, endLineNumber: end.lineNumber, endColumn: Math.max(end.column, start.column + 1),
      };
    }));
  };
  const validate = (): void => { clearTimeout(timer); timer = setTimeout(run, DELAY); };
  const sub = model?.onDidChangeContent(validate);
  validate();
  return { validate, dispose() { clearTimeout(timer); sub?.dispose(); } };
}
