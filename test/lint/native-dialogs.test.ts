import { ESLint } from 'eslint';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const cwd = fileURLToPath(new URL('../..', import.meta.url));

/** Electron has no window.prompt: lint refuses the native dialogs anywhere in the renderer. */
describe('eslint: no native dialogs in renderer/', () => {
  const lint = async (code: string, filePath: string): Promise<string[]> => {
    const [result] = await new ESLint({ cwd }).lintText(code, { filePath });
    return (result?.messages ?? []).map((m) => m.ruleId ?? m.message);
  };

  it.each([
    ['prompt("Name")', 'no-restricted-globals'],
    ['window.prompt("Name")', 'no-restricted-properties'],
    ['confirm("Sure?")', 'no-restricted-globals'],
    ['window.confirm("Sure?")', 'no-restricted-properties'],
    ['alert("Done")', 'no-restricted-globals'],
    ['globalThis.alert("Done")', 'no-restricted-properties'],
  ])('refuses %s', async (call, rule) => {
    expect(await lint(`export function f(): void { void ${call}; }\n`, 'renderer/src/features/x.ts')).toContain(rule);
  });

  it('leaves other folders and look-alike names alone', async () => {
    expect(await lint('export function f(): void { void confirm("x"); }\n', 'electron/engine/x.ts')).not.toContain('no-restricted-globals');
    expect(await lint('import { askText } from "../ui/ask";\nexport const f = (): unknown => askText({ title: "t", label: "l", confirm: "ok" });\n', 'renderer/src/features/x.ts')).toEqual([]);
  });
});
