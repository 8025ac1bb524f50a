import { useMemo, useState } from 'react';
import { ChevronLeft, Search } from 'lucide-react';
import {
  getNamedType, isEnumType, isInputObjectType, isInterfaceType, isObjectType, isUnionType,
  type GraphQLArgument, type GraphQLField, type GraphQLInputField, type GraphQLNamedType, type GraphQLSchema, type GraphQLType,
} from 'graphql';

type Place = { type: string } | { type: string; field: string };
type AnyField = GraphQLField<unknown, unknown> | GraphQLInputField;

const fieldsOf = (t: GraphQLNamedType): Record<string, AnyField> =>
  isObjectType(t) || isInterfaceType(t) || isInputObjectType(t) ? t.getFields() : {};

/**
 * The schema as documentation: the root types, a search over types and fields, each type's
 * fields with their arguments (types, defaults), descriptions and deprecations; every type name is
 * a link to that type, and Back retraces the steps.
 */
export function DocsExplorer({ schema }: { schema: GraphQLSchema }) {
  const [trail, setTrail] = useState<Place[]>([]);
  const [query, setQuery] = useState('');
  const place = trail.at(-1);
  const go = (p: Place): void => { setTrail((t) => [...t, p]); setQuery(''); };
  const back = (): void => setTrail((t) => t.slice(0, -1));
  const title = place ? ('field' in place ? `${place.type}.${place.field}` : place.type) : 'Schema';
  return (
    <aside className="gql-docs" aria-label="GraphQL docs">
      <div className="gql-docs-head">
        {place && <button type="button" className="icon" onClick={back} aria-label="Back"><ChevronLeft size={14} aria-hidden /></button>}
        <h3 aria-live="polite">{title}</h3>
      </div>
      <label className="gql-docs-search">
        <Search size={13} aria-hidden />
        <input type="search" aria-label="Search the schema" placeholder="Search types and fields" value={query} onChange={(e) => setQuery(e.target.value)} />
      </label>
      {query.trim() !== '' ? <SearchResults schema={schema} query={query.trim()} go={go} />
        : !place ? <Roots schema={schema} go={go} />
          : 'field' in place ? <FieldView schema={schema} place={place} go={go} />
            : <TypeView schema={schema} name={place.type} go={go} />}
    </aside>
  );
}

function TypeLink({ type, go }: { type: GraphQLType; go: (p: Place) => void }) {
  const named = getNamedType(type);
  const text = String(type);
  const at = text.indexOf(named.name);
  return (
    <span className="gql-type">
      {text.slice(0, at)}
      <button type="button" className="link" onClick={() => go({ type: named.name })}>{named.name}</button>
      {text.slice(at + named.name.length)}
    </span>
  );
}

function Roots({ schema, go }: { schema: GraphQLSchema; go: (p: Place) => void }) {
  const roots = [['query', schema.getQueryType()], ['mutation', schema.getMutationType()], ['subscription', schema.getSubscriptionType()]] as const;
  const others = Object.values(schema.getTypeMap()).filter((t) => !t.name.startsWith('__') && !roots.some(([, r]) => r === t)).sort((a, b) => a.name.localeCompare(b.name));
  return (
    <>
      {schema.description && <p className="muted">{schema.description}</p>}
      <h4>Root types</h4>
      <ul className="gql-list">
        {roots.map(([kind, t]) => t && <li key={kind}>{kind}: <TypeLink type={t} go={go} /></li>)}
      </ul>
      <h4>All types</h4>
      <ul className="gql-list">{others.map((t) => <li key={t.name}><TypeLink type={t} go={go} /></li>)}</ul>
    </>
  );
}

function Args({ args, go }: { args: readonly GraphQLArgument[]; go: (p: Place) => void }) {
  if (args.length === 0) return null;
  return (
    <>
      (
      {args.map((a, i) => (
        <span key={a.name} className="gql-arg">
          {i > 0 && ', '}<span className="gql-arg-name">{a.name}</span>: <TypeLink type={a.type} go={go} />
          {a.defaultValue !== undefined && <span className="muted"> = {JSON.stringify(a.defaultValue)}</span>}
        </span>
      ))}
      )
    </>
  );
}

function Deprecated({ reason }: { reason: string | null | undefined }) {
  return reason ? <p className="gql-deprecated">Deprecated: {reason}</p> : null;
}

function TypeView({ schema, name, go }: { schema: GraphQLSchema; name: string; go: (p: Place) => void }) {
  const t = schema.getType(name);
  if (!t) return <p className="muted">No type {name} in this schema.</p>;
  const fields = Object.values(fieldsOf(t));
  const interfaces = isObjectType(t) || isInterfaceType(t) ? t.getInterfaces() : [];
  return (
    <>
      {t.description && <p>{t.description}</p>}
      {interfaces.length > 0 && <p>implements {interfaces.map((i) => <TypeLink key={i.name} type={i} go={go} />)}</p>}
      {isInterfaceType(t) && <p>Implemented by {schema.getPossibleTypes(t).map((p, i) => <span key={p.name}>{i > 0 && ', '}<TypeLink type={p} go={go} /></span>)}</p>}
      {isUnionType(t) && <p>One of {t.getTypes().map((p, i) => <span key={p.name}>{i > 0 && ' | '}<TypeLink type={p} go={go} /></span>)}</p>}
      {fields.length > 0 && (
        <>
          <h4>{isInputObjectType(t) ? 'Input fields' : 'Fields'}</h4>
          <ul className="gql-list" aria-label={`Fields of ${t.name}`}>
            {fields.map((f) => (
              <li key={f.name} className={f.deprecationReason ? 'deprecated' : undefined}>
                <button type="button" className="link gql-field" onClick={() => go({ type: t.name, field: f.name })}>{f.name}</button>
                {'args' in f && <Args args={f.args} go={go} />}: <TypeLink type={f.type} go={go} />
                {'defaultValue' in f && f.defaultValue !== undefined && <span className="muted"> = {JSON.stringify(f.defaultValue)}</span>}
                {f.description && <div className="muted gql-desc">{f.description}</div>}
                <Deprecated reason={f.deprecationReason} />
              </li>
            ))}
          </ul>
        </>
      )}
      {isEnumType(t) && (
        <>
          <h4>Values</h4>
          <ul className="gql-list" aria-label={`Values of ${t.name}`}>
            {t.getValues().map((v) => <li key={v.name}><code>{v.name}</code>{v.description && <div className="muted gql-desc">{v.description}</div>}<Deprecated reason={v.deprecationReason} /></li>)}
          </ul>
        </>
      )}
    </>
  );
}

function FieldView({ schema, place, go }: { schema: GraphQLSchema; place: { type: string; field: string }; go: (p: Place) => void }) {
  const t = schema.getType(place.type);
  const f = t ? fieldsOf(t)[place.field] : undefined;
  if (!f) return <p className="muted">No field {place.field} on {place.type}.</p>;
  const args = 'args' in f ? f.args : [];
  return (
    <>
      <p>Type: <TypeLink type={f.type} go={go} /></p>
      {f.description && <p>{f.description}</p>}
      <Deprecated reason={f.deprecationReason} />
      {args.length > 0 && (
        <>
          <h4>Arguments</h4>
          <ul className="gql-list" aria-label={`Arguments of ${place.field}`}>
            {args.map((a) => (
              <li key={a.name}>
                <span className="gql-arg-name">{a.name}</span>: <TypeLink type={a.type} go={go} />
                {a.defaultValue !== undefined && <span className="muted"> = {JSON.stringify(a.defaultValue)}</span>}
                {a.description && <div className="muted gql-desc">{a.description}</div>}
                <Deprecated reason={a.deprecationReason} />
              </li>
            ))}
          </ul>
        </>
      )}
    </>
  );
}

const MAX_RESULTS = 100;

function SearchResults({ schema, query, go }: { schema: GraphQLSchema; query: string; go: (p: Place) => void }) {
  const hits = useMemo(() => {
    const q = query.toLowerCase();
    const out: Place[] = [];
    for (const t of Object.values(schema.getTypeMap())) {
      if (t.name.startsWith('__')) continue;
      if (t.name.toLowerCase().includes(q)) out.push({ type: t.name });
      for (const f of Object.keys(fieldsOf(t))) if (f.toLowerCase().includes(q)) out.push({ type: t.name, field: f });
      if (out.length >= MAX_RESULTS) break;
    }
    return out.slice(0, MAX_RESULTS);
  }, [schema, query]);
  if (hits.length === 0) return <p className="muted">Nothing named like “{query}”.</p>;
  return (
    <ul className="gql-list" aria-label="Search results">
      {hits.map((h) => (
        <li key={'field' in h ? `${h.type}.${h.field}` : h.type}>
          <button type="button" className="link" onClick={() => go(h)}>{'field' in h ? `${h.type}.${h.field}` : h.type}</button>
        </li>
      ))}
    </ul>
  );
}
