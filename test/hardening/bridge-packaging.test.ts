import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative, sep } from 'node:path';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

/**
 * Guarantee 9, "absent from packaged builds": the browser bridge starts only from a source checkout
 * (`npm run web`, tsx electron/bridge/cli.ts). Nothing that is packaged may import it: the
 * Electron main process and preload (electron-vite, out/main and out/preload) and the CLI
 * (scripts/build-cli.ts, out/cli). electron-builder packages out/** and package.json only.
 */
const ROOT = process.cwd();
const BRIDGE = `electron${sep}bridge${sep}`;

/** The source files esbuild pulls into a bundle of `entry`, packages left external as the real builds do. */
async function bundledSources(entry: string): Promise<string[]> {
  const r = await build({
    entryPoints: [join(ROOT, entry)], bundle: true, platform: 'node', format: 'esm', packages: 'external',
    write: false, metafile: true, logLevel: 'silent', outdir: join(ROOT, 'out', '.probe'),
  });
  return Object.keys(r.metafile.inputs).map((p) => relative(ROOT, join(ROOT, p)));
}

/** Strings only the bridge's server code holds (the renderer's client has the token header name, not these). */
const BRIDGE_MARKERS = ['DNS rebinding', 'The bridge takes application/json', 'The argument is larger than 150 MB'];

async function filesUnder(dir: string): Promise<string[]> {
  if (!existsSync(dir)) return [];
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries.filter((e) => e.isFile() && /\.(c?m?js)$/.test(e.name)).map((e) => join(e.parentPath, e.name));
}

describe('the bridge is not in what is packaged', () => {
  for (const entry of ['electron/main/index.ts', 'electron/preload/index.ts', 'electron/cli/main.ts']) {
    it(`${entry} does not import electron/bridge, directly or through anything it imports`, async () => {
      const sources = await bundledSources(entry);
      expect(sources.length).toBeGreaterThan(entry.includes('preload') ? 1 : 20);
      expect(sources.filter((s) => s.includes(BRIDGE))).toEqual([]);
    }, 60_000);
  }

  it('the checks can fail: the bridge\'s own entry bundles its sources, and the markers are its', async () => {
    expect((await bundledSources('electron/bridge/cli.ts')).filter((s) => s.includes(BRIDGE)).length).toBeGreaterThan(3);
    const text = (await Promise.all(['guard.ts', 'server.ts'].map((f) => readFile(join(ROOT, 'electron/bridge', f), 'utf8')))).join('\n');
    for (const m of BRIDGE_MARKERS) expect(text).toContain(m);
  });

  it('built output (bundled here as the real builds do, plus out/main, out/preload, out/cli when present) holds none of the bridge\'s code', async () => {
    // A clean clone has no out/: bundle the three packaged entries into a temp dir so the check always runs.
    const tmp = await mkdtemp(join(tmpdir(), 'keyhole-bundles-'));
    try {
      await build({
        entryPoints: ['electron/main/index.ts', 'electron/preload/index.ts', 'electron/cli/main.ts'].map((e) => join(ROOT, e)),
        bundle: true, platform: 'node', format: 'esm', packages: 'external', outdir: tmp, logLevel: 'silent',
      });
      const files = [...await filesUnder(tmp), ...(await Promise.all(['main', 'preload', 'cli'].map((d) => filesUnder(join(ROOT, 'out', d))))).flat()];
      expect(files.length).toBeGreaterThanOrEqual(3);
      for (const f of files) {
        const text = await readFile(f, 'utf8');
        for (const m of BRIDGE_MARKERS) expect(text.includes(m), `${relative(ROOT, f)} contains "${m}"`).toBe(false);
      }
    } finally {
      await rm(tmp, { recursive: true, force: true });
    }
    const stamp = join(ROOT, 'out', 'cli', 'build.json');
    if (existsSync(stamp)) {
      const sources = Object.keys((JSON.parse(await readFile(stamp, 'utf8')) as { sources: Record<string, number> }).sources);
      expect(sources.filter((s) => s.split('/').join(sep).includes(BRIDGE))).toEqual([]);
    }
  });

  it('electron-builder packages out/** and package.json only: no sources, no bridge', async () => {
    const config = parse(await readFile(join(ROOT, 'electron.builder.yml'), 'utf8')) as { files?: string[]; extraResources?: unknown; extraFiles?: unknown };
    const included = (config.files ?? []).filter((p) => !p.startsWith('!'));
    expect(included).toEqual(['out/**', 'package.json']);
    // Besides out/, only the example workspace rides along (workspace.addExample copies it): data, no code.
    expect(config.extraResources).toEqual([{ from: 'examples/demo-workspace', to: 'examples/demo-workspace', filter: ['**/*'] }]);
    const data = await readdir(join(ROOT, 'examples', 'demo-workspace'), { recursive: true, withFileTypes: true });
    expect(data.filter((e) => e.isFile() && !/\.(ya?ml|env)$/.test(e.name)).map((e) => e.name)).toEqual([]);
    expect(config.extraFiles).toBeUndefined();
    // electron-vite writes main, preload and renderer there; none of them is a bridge entry.
    const vite = await readFile(join(ROOT, 'electron.vite.config.ts'), 'utf8');
    expect(vite).not.toMatch(/bridge/);
  });

  it('the bridge starts only from the source checkout script, behind no packaged entry', async () => {
    const pkg = JSON.parse(await readFile(join(ROOT, 'package.json'), 'utf8')) as { main?: string; bin?: Record<string, string> | string; scripts: Record<string, string> };
    const starters = Object.entries(pkg.scripts).filter(([, cmd]) => cmd.includes('electron/bridge'));
    expect(starters).toEqual([['web', 'tsx electron/bridge/cli.ts']]);
    expect(JSON.stringify(pkg.bin ?? {})).not.toMatch(/bridge/);
    expect(pkg.main ?? '').not.toMatch(/bridge/);
  });
});
