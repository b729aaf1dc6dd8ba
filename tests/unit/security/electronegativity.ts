import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';

/**
 * Electronegativity (Doyensec's Electron security scanner) through its programmatic API, over the desktop
 * app's Electron main and preload sources.
 *
 * Offline: the scanner makes two network calls. Its translations fetch (1 s timeout) fails softly and the
 * bundled English texts are used. AvailableSecurityFixesGlobalCheck downloads Electron's release list to
 * say whether a newer patch exists: it is left out here (a test must not depend on the network, and the
 * answer changes with every Electron release); the Electron version is pinned in package.json and moved
 * on deliberately. Every other check runs.
 */
const issueSchema = z.object({
  file: z.string(),
  id: z.string(),
  description: z.string(),
  sample: z.string().optional(),
  location: z.object({ line: z.number(), column: z.number() }),
  severity: z.object({ name: z.enum(['INFORMATIONAL', 'LOW', 'MEDIUM', 'HIGH']) }),
  confidence: z.object({ name: z.string() }),
});
const resultSchema = z.object({
  globalChecks: z.number(),
  atomicChecks: z.number(),
  errors: z.array(z.unknown()),
  issues: z.array(issueSchema),
});
export type ScanIssue = z.infer<typeof issueSchema>;
export type ScanResult = z.infer<typeof resultSchema>;

const require = createRequire(import.meta.url);
const root = join(import.meta.dirname, '..', '..', '..');
/** Left out, with the reason above: it needs the network. */
export const EXCLUDED_CHECKS = ['AvailableSecurityFixesGlobalCheck'];

function electronVersion(): string {
  const pkg = z
    .object({ devDependencies: z.record(z.string(), z.string()) })
    .parse(JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')));
  const version = pkg.devDependencies.electron;
  if (!version) throw new Error('package.json names no electron version');
  return version.replace(/^[\^~]/, '');
}

/** Runs every check but the excluded ones over `dir` (one folder: the scanner takes one input). */
export async function scan(dir: string): Promise<ScanResult> {
  // The package ships no types: its default export is `run(options)`, checked by what it returns.
  const run = require('@doyensec/electronegativity') as (
    options: Record<string, unknown>,
  ) => Promise<unknown>;
  const result = await run({
    input: dir,
    output: null,
    isSarif: false,
    customScan: [],
    excludeFromScan: EXCLUDED_CHECKS,
    severitySet: 'informational',
    confidenceSet: 'tentative',
    isRelative: true,
    electronVersionOverride: electronVersion(),
    parserPlugins: [],
  });
  return resultSchema.parse(result);
}

/**
 * The app's sources as the scanner should see them: main's Electron layer and the preload in one folder,
 * so global checks (navigation limits, permission handler, CSP) see the whole app, not half of it.
 */
export async function scanAppSources(): Promise<ScanResult> {
  const dir = mkdtempSync(join(tmpdir(), 'electronegativity-'));
  try {
    cpSync(join(root, 'src-main', 'electron'), join(dir, 'electron'), { recursive: true });
    cpSync(join(root, 'src-preload'), join(dir, 'preload'), { recursive: true });
    return await scan(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** A tiny app with known holes, to prove the scanner finds things here (a silent scanner proves nothing). */
export async function scanKnownBadApp(): Promise<ScanResult> {
  const dir = mkdtempSync(join(tmpdir(), 'electronegativity-bad-'));
  try {
    writeFileSync(
      join(dir, 'main.js'),
      [
        "const { BrowserWindow } = require('electron');",
        'const win = new BrowserWindow({ webPreferences: { nodeIntegration: true, contextIsolation: false } });',
        "win.loadURL('http://example.com/');",
        '',
      ].join('\n'),
    );
    return await scan(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export function describeIssue(issue: ScanIssue): string {
  return `${issue.severity.name} ${issue.id} ${issue.file}:${issue.location.line} ${issue.description}`;
}
