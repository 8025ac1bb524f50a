/**
 * XPath over an XML body with the browser's own engine (DOMParser + document.evaluate, XPath 1.0).
 * They exist only on the page, not in workers; XML bodies large enough for that to matter are rare.
 */
export function xpathFilter(xml: string, expr: string): { text: string; matches: number } {
  const doc = new DOMParser().parseFromString(xml, 'application/xml');
  const err = doc.querySelector('parsererror');
  if (err) throw new Error(`The body is not well-formed XML: ${err.textContent?.split('\n')[0] ?? ''}`);
  const r = doc.evaluate(expr, doc, doc.createNSResolver(doc.documentElement), XPathResult.ANY_TYPE, null);
  switch (r.resultType) {
    case XPathResult.NUMBER_TYPE: return { text: String(r.numberValue), matches: 1 };
    case XPathResult.STRING_TYPE: return { text: r.stringValue, matches: 1 };
    case XPathResult.BOOLEAN_TYPE: return { text: String(r.booleanValue), matches: 1 };
    default: {
      const out: string[] = [];
      const ser = new XMLSerializer();
      for (let n = r.iterateNext(); n; n = r.iterateNext()) out.push(n.nodeType === Node.ATTRIBUTE_NODE || n.nodeType === Node.TEXT_NODE ? (n.nodeValue ?? '') : ser.serializeToString(n));
      return { text: out.join('\n'), matches: out.length };
    }
  }
}
