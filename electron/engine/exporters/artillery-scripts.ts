import { parse, type Expression, type Node, type Statement, type SpreadElement } from 'acorn';

/**
 * What of a Postman script an Artillery script can say. Checks become artillery-plugin-expect
 * expectations (statusCode, hasHeader, headerEquals, hasProperty, contentType, jmespath), values a
 * test script stores from the JSON body become captures, and values a pre-request script sets to a
 * constant (or to what Artillery can generate: a uuid, a random number) become variables. Every
 * statement that is none of these is listed, with its line, as not translated.
 */
export interface TranslatedScript {
  expect: Record<string, unknown>[];
  capture: { json: string; as: string }[];
  /** Variables the script sets to a value known before the request (a literal or an Artillery template). */
  set: Record<string, string>;
  untranslated: string[];
}

type Path = (string | number)[];

const empty = (): TranslatedScript => ({ expect: [], capture: [], set: {}, untranslated: [] });

/** Postman's dynamic variables Artillery has an equivalent for (a uuid is per virtual user there). */
export const DYNAMIC: Record<string, string> = {
  $guid: '{{ $uuid }}',
  $randomUUID: '{{ $uuid }}',
  $randomInt: '{{ $randomNumber(0, 1000) }}',
  $randomAlphaNumeric: '{{ $randomString(1) }}',
};

export function translateScript(source: string, phase: 'pre' | 'test'): TranslatedScript {
  const out = empty();
  if (!source.trim()) return out;
  let body: Statement[];
  try {
    body = parse(source, { ecmaVersion: 'latest', sourceType: 'script', allowReturnOutsideFunction: true, locations: true }).body as Statement[];
  } catch (e) {
    out.untranslated.push(`the script does not parse (${(e as Error).message})`);
    return out;
  }
  const t = new Translator(source, phase);
  for (const s of body) {
    const r = t.statement(s, out);
    if (!r) out.untranslated.push(t.describe(s));
  }
  return out;
}

class Translator {
  /** Names bound to the parsed JSON body (`const data = pm.response.json()`). */
  private readonly jsonAliases = new Set<string>();

  constructor(private readonly source: string, private readonly phase: 'pre' | 'test') {}

  describe(n: Node): string {
    const text = this.source.slice(n.start, n.end).replace(/\s+/g, ' ');
    return `line ${n.loc?.start.line ?? '?'}: ${text.length > 80 ? `${text.slice(0, 77)}...` : text}`;
  }

  /** Translates one statement into `out`; false when it cannot (then `out` is unchanged). */
  statement(s: Statement, out: TranslatedScript): boolean {
    if (s.type === 'EmptyStatement') return true;
    if (s.type === 'VariableDeclaration') {
      if (s.declarations.every((d) => d.id.type === 'Identifier' && d.init && this.isJsonRoot(d.init))) {
        for (const d of s.declarations) if (d.id.type === 'Identifier') this.jsonAliases.add(d.id.name);
        return true;
      }
      return false;
    }
    if (s.type !== 'ExpressionStatement') return false;
    const e = s.expression;
    const staged = empty();
    if (e.type === 'CallExpression' && this.isPath(e.callee, ['pm', 'test'])) {
      const fn = e.arguments[1];
      if (!fn || (fn.type !== 'FunctionExpression' && fn.type !== 'ArrowFunctionExpression')) return false;
      const stmts: Statement[] = fn.body.type === 'BlockStatement' ? fn.body.body : [{ type: 'ExpressionStatement', expression: fn.body, start: fn.body.start, end: fn.body.end, loc: fn.body.loc } as Statement];
      if (stmts.length === 0 || !stmts.every((x) => this.statement(x, staged))) return false;
    } else if (!this.check(e, staged) && !this.setVariable(e, staged) && !this.legacyTest(e, staged)) {
      return false;
    }
    out.expect.push(...staged.expect);
    out.capture.push(...staged.capture);
    Object.assign(out.set, staged.set);
    return true;
  }

  /** `tests["name"] = responseCode.code === 200` (the legacy sandbox's way). */
  private legacyTest(e: Expression, out: TranslatedScript): boolean {
    if (this.phase !== 'test' || e.type !== 'AssignmentExpression' || e.left.type !== 'MemberExpression' || !this.isPath(e.left.object, ['tests'])) return false;
    const r = e.right;
    if (r.type !== 'BinaryExpression' || (r.operator !== '===' && r.operator !== '==') || r.left.type === 'PrivateIdentifier') return false;
    const code = literal(r.right);
    if (!this.isPath(r.left, ['responseCode', 'code']) || typeof code !== 'number') return false;
    out.expect.push({ statusCode: code });
    return true;
  }

  /** pm.environment/variables/collectionVariables/globals.set(name, value). */
  private setVariable(e: Expression, out: TranslatedScript): boolean {
    if (e.type !== 'CallExpression' || e.callee.type !== 'MemberExpression') return false;
    const scope = e.callee.object;
    const isSet = e.callee.property.type === 'Identifier' && e.callee.property.name === 'set';
    const scopes = ['environment', 'variables', 'collectionVariables', 'globals'];
    const okScope = scope.type === 'MemberExpression' && this.isPath(scope.object, ['pm']) && scope.property.type === 'Identifier' && scopes.includes(scope.property.name);
    const legacy = scope.type === 'Identifier' && scope.name === 'postman' && e.callee.property.type === 'Identifier' && /^set(Environment|Global)Variable$/.test(e.callee.property.name);
    if (!(isSet && okScope) && !legacy) return false;
    const [nameArg, valueArg] = e.arguments;
    const name = nameArg && literal(nameArg);
    if (typeof name !== 'string' || !valueArg) return false;
    const path = this.phase === 'test' ? this.jsonPath(valueArg) : undefined;
    if (path) { out.capture.push({ json: jsonPathOf(path), as: name }); return true; }
    const generated = this.generated(valueArg);
    if (generated !== undefined) { out.set[name] = generated; return true; }
    return false;
  }

  /** A value Artillery can produce before the request: a literal, or a Postman dynamic variable it has. */
  private generated(v: Expression | SpreadElement): string | undefined {
    const lit = literal(v);
    if (lit !== undefined && lit !== null && typeof lit !== 'object') return String(lit);
    if (v.type === 'CallExpression' && this.isPath(v.callee, ['pm', 'variables', 'replaceIn']) && v.arguments[0]) {
      const text = literal(v.arguments[0]);
      const m = typeof text === 'string' ? /^\{\{(\$\w+)\}\}$/.exec(text) : null;
      if (m?.[1] && DYNAMIC[m[1]]) return DYNAMIC[m[1]];
    }
    return undefined;
  }

  /** pm.response.to.have.status(N), pm.response.to.have.header(...), pm.expect(...)... */
  private check(e: Expression, out: TranslatedScript): boolean {
    if (this.phase !== 'test') return false;
    const chain = this.chain(e);
    if (!chain) return false;
    const { subject, words, args } = chain;
    const last = words[words.length - 1];
    if (subject.kind === 'response') {
      const [a0, a1] = args.map(literal);
      if (last === 'status' && typeof a0 === 'number' && args.length === 1) out.expect.push({ statusCode: a0 });
      else if (last === 'ok' && args.length === 0 && !words.includes('not')) out.expect.push({ statusCode: 200 });
      else if (last === 'json' && args.length === 0 && !words.includes('not')) out.expect.push({ contentType: 'json' });
      else if (last === 'header' && typeof a0 === 'string' && args.length === 1 && !words.includes('not')) out.expect.push({ hasHeader: a0.toLowerCase() });
      else if (last === 'header' && typeof a0 === 'string' && typeof a1 === 'string' && args.length === 2 && !words.includes('not')) out.expect.push({ headerEquals: [a0.toLowerCase(), a1] });
      else return false;
      return true;
    }
    if (words.includes('not')) return false;
    const EQUAL = ['eql', 'equal', 'equals', 'eq'];
    const expected = args.length === 1 ? literal(args[0] as Expression) : undefined;
    if (subject.kind === 'status') {
      if (last && EQUAL.includes(last) && typeof expected === 'number') { out.expect.push({ statusCode: expected }); return true; }
      if (last === 'oneOf' && Array.isArray(expected) && expected.every((x) => typeof x === 'number')) { out.expect.push({ statusCode: expected }); return true; }
      return false;
    }
    if (subject.kind === 'header') {
      if (last && EQUAL.includes(last) && typeof expected === 'string') { out.expect.push({ headerEquals: [subject.name.toLowerCase(), expected] }); return true; }
      if ((last === 'exist' || last === 'ok') && args.length === 0) { out.expect.push({ hasHeader: subject.name.toLowerCase() }); return true; }
      return false;
    }
    if (last === 'property' && args.length === 1 && typeof expected === 'string') {
      out.expect.push({ hasProperty: lodashPath([...subject.path, expected]) });
      return true;
    }
    if (last && EQUAL.includes(last) && expected !== undefined && subject.path.length > 0) {
      out.expect.push({ jmespath: `${jmesPath(subject.path)} == \`${JSON.stringify(expected).replace(/`/g, '\\`')}\`` });
      return true;
    }
    if ((last === 'exist' || last === 'ok') && args.length === 0 && subject.path.length > 0) {
      out.expect.push({ hasProperty: lodashPath(subject.path) });
      return true;
    }
    return false;
  }

  /** `pm.response.to.have.status(200)` or `pm.expect(X).to.deep.equal(Y)`: what it is about, the words, the last call's arguments. */
  private chain(e: Expression): { subject: Subject; words: string[]; args: Expression[] } | undefined {
    let args: Expression[] = [];
    let node: Expression = e;
    if (node.type === 'CallExpression') {
      if (node.arguments.some((a) => a.type === 'SpreadElement')) return undefined;
      args = node.arguments as Expression[];
      node = node.callee as Expression;
    }
    const words: string[] = [];
    while (node.type === 'MemberExpression' && !node.computed && node.property.type === 'Identifier') {
      words.unshift(node.property.name);
      const inner: Expression = node.object as Expression;
      if (inner.type === 'CallExpression' && this.isPath(inner.callee, ['pm', 'expect'])) {
        const subject = inner.arguments[0] && this.subject(inner.arguments[0]);
        return subject ? { subject, words, args } : undefined;
      }
      if (this.isPath(inner, ['pm', 'response'])) return words[0] === 'to' ? { subject: { kind: 'response' }, words, args } : undefined;
      node = inner;
    }
    return undefined;
  }

  private subject(a: Expression | SpreadElement): Subject | undefined {
    if (this.isPath(a, ['pm', 'response', 'code']) || this.isPath(a, ['responseCode', 'code'])) return { kind: 'status' };
    if (a.type === 'CallExpression' && a.arguments.length === 1 && (this.isPath(a.callee, ['pm', 'response', 'headers', 'get']) || this.isPath(a.callee, ['postman', 'getResponseHeader']))) {
      const name = literal(a.arguments[0] as Expression);
      return typeof name === 'string' ? { kind: 'header', name } : undefined;
    }
    const path = this.jsonPath(a);
    return path ? { kind: 'json', path } : undefined;
  }

  /** `pm.response.json().a[0].b` (or through an alias): the path from the body's root. */
  private jsonPath(e: Expression | SpreadElement): Path | undefined {
    const path: Path = [];
    let node = e;
    while (node.type === 'MemberExpression') {
      const p = node.property;
      if (!node.computed && p.type === 'Identifier') path.unshift(p.name);
      else if (node.computed) {
        const v = literal(p as Expression);
        if (typeof v !== 'string' && typeof v !== 'number') return undefined;
        path.unshift(v);
      } else return undefined;
      node = node.object as Expression;
    }
    return this.isJsonRoot(node) ? path : undefined;
  }

  private isJsonRoot(e: Expression | SpreadElement): boolean {
    if (e.type === 'Identifier') return this.jsonAliases.has(e.name);
    if (e.type !== 'CallExpression') return false;
    if (this.isPath(e.callee, ['pm', 'response', 'json']) && e.arguments.length === 0) return true;
    return this.isPath(e.callee, ['JSON', 'parse']) && e.arguments.length === 1 && (this.isPath(e.arguments[0] as Expression, ['responseBody']) || (e.arguments[0]?.type === 'CallExpression' && this.isPath(e.arguments[0].callee, ['pm', 'response', 'text'])));
  }

  /** `pm.response.code` is ['pm', 'response', 'code']: plain (not computed) member access all the way. */
  private isPath(e: Node, names: readonly string[]): boolean {
    let node = e as Expression;
    for (let i = names.length - 1; i > 0; i--) {
      if (node.type !== 'MemberExpression' || node.computed || node.property.type !== 'Identifier' || node.property.name !== names[i]) return false;
      node = node.object as Expression;
    }
    return node.type === 'Identifier' && node.name === names[0];
  }
}

type Subject = { kind: 'response' } | { kind: 'status' } | { kind: 'header'; name: string } | { kind: 'json'; path: Path };

/** A literal's value: strings, numbers, booleans, null, arrays and objects of them; undefined otherwise. */
function literal(e: Expression | SpreadElement | undefined): unknown {
  if (!e) return undefined;
  if (e.type === 'Literal') return 'regex' in e || 'bigint' in e ? undefined : e.value;
  if (e.type === 'TemplateLiteral' && e.expressions.length === 0) return e.quasis[0]?.value.cooked ?? undefined;
  if (e.type === 'UnaryExpression' && e.operator === '-') {
    const v = literal(e.argument);
    return typeof v === 'number' ? -v : undefined;
  }
  if (e.type === 'ArrayExpression') {
    const items = e.elements.map((x) => (x ? literal(x) : undefined));
    return items.every((x) => x !== undefined) ? items : undefined;
  }
  if (e.type === 'ObjectExpression') {
    const o: Record<string, unknown> = {};
    for (const p of e.properties) {
      if (p.type !== 'Property' || p.computed || p.kind !== 'init') return undefined;
      const k = p.key.type === 'Identifier' ? p.key.name : literal(p.key as Expression);
      const v = literal(p.value as Expression);
      if ((typeof k !== 'string' && typeof k !== 'number') || v === undefined) return undefined;
      o[String(k)] = v;
    }
    return o;
  }
  return undefined;
}

const IDENT = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** `$.a[0]["b c"]`: Artillery's capture takes JSONPath. */
function jsonPathOf(path: Path): string {
  return `$${path.map((p) => (typeof p === 'number' ? `[${p}]` : IDENT.test(p) ? `.${p}` : `[${JSON.stringify(p)}]`)).join('')}`;
}

/** `a[0]."b c"`: the jmespath expectation's path. */
function jmesPath(path: Path): string {
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : `${i > 0 ? '.' : ''}${IDENT.test(p) ? p : JSON.stringify(p)}`)).join('') || '@';
}

/** `a[0].b`: hasProperty reads it with lodash's `has`. */
function lodashPath(path: Path): string {
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : IDENT.test(p) ? `${i > 0 ? '.' : ''}${p}` : `[${JSON.stringify(p)}]`)).join('');
}
