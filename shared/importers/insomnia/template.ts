/**
 * Insomnia references variables as Nunjucks `{{ _.name }}` (or `{{ name }}`); Keyhole as
 * `{{name}}`. Template tags (`{% response ... %}`, `{% uuid %}`) have no Keyhole equivalent and are
 * left as typed, reported by the caller.
 */
export function fromNunjucks(text: string): string {
  if (!text.includes('{{')) return text;
  return text.replace(/\{\{\s*(?:_\.)?([A-Za-z0-9_$.-]+)\s*\}\}/g, '{{$1}}').replace(/\{\{\s*_\[['"]([^'"]+)['"]\]\s*\}\}/g, '{{$1}}');
}

export function hasTemplateTag(text: string): boolean {
  return text.includes('{%');
}
