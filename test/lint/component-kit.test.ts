import { ESLint } from 'eslint';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const cwd = fileURLToPath(new URL('../..', import.meta.url));

/** #17 §0: one component kit. Lint refuses the native select and file input outside renderer/src/ui. */
describe('eslint: the component kit instead of native selects and file inputs', () => {
  const lint = async (code: string, filePath: string): Promise<string[]> => {
    const [result] = await new ESLint({ cwd }).lintText(code, { filePath });
    return (result?.messages ?? []).map((m) => `${m.ruleId ?? ''}: ${m.message}`);
  };
  const select = 'export const X = () => <select aria-label="Method"><option>GET</option></select>;\n';
  const fileInput = 'export const X = () => <input type="file" aria-label="Data" />;\n';
  const fileInputExpr = "export const X = () => <input type={'file'} aria-label=\"Data\" />;\n";

  it.each([
    ['a native <select>', select, 'Select'],
    ['<input type="file">', fileInput, 'FileDrop'],
    ["<input type={'file'}>", fileInputExpr, 'FileDrop'],
  ])('refuses %s in features and components', async (_what, code, kit) => {
    for (const where of ['renderer/src/features/graphql/Editor.tsx', 'renderer/src/components/X.tsx']) {
      const found = await lint(code, where);
      expect(found.some((m) => m.startsWith('no-restricted-syntax') && m.includes(kit))).toBe(true);
    }
  });

  it('lets the kit itself wrap them, and leaves other inputs alone', async () => {
    expect(await lint(select, 'renderer/src/ui/Select.tsx')).toEqual([]);
    expect(await lint(fileInput, 'renderer/src/ui/FileDrop.tsx')).toEqual([]);
    expect(await lint('export const X = () => <input type="search" aria-label="Filter" />;\n', 'renderer/src/features/x.tsx')).toEqual([]);
  });
});
