/**
 * The Debian packages Xinyong needs beyond npm: Chromium (report PDFs, browser tests), the Noto
 * CJK fonts the PDFs print Chinese with, and poppler-utils (the tests read PDFs back). On a fresh
 * Debian machine the README's two commands install what is missing with apt-get (as root, or
 * with password-less sudo); anywhere else they say what to install. Nothing is downloaded
 * outside Debian's own packages. `XINYONG_NO_APT=1` turns the install off.
 *
 * `node --import tsx scripts/system-packages.ts test` (npm's pretest) fails when a package the
 * tests need is still missing. `xinyong start` runs it with `start` in a child process while it
 * serves, since the dashboard needs none of them; report PDFs wait for Chromium (the schedule
 * retries every minute) and the child only warns when it cannot install.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { CHROMIUM } from '../lib/chromium.ts';

export type Purpose = 'start' | 'test';

interface SystemPackage {
  name: string;
  /** What it is for, as the message names it. */
  role: string;
  needed: readonly Purpose[];
  present: () => boolean;
}

const onPath = (command: string) => spawnSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' }).status === 0;

/** Noto Sans CJK as fontconfig knows it, or where Debian's fonts-noto-cjk puts it. */
function hasNotoCjk(): boolean {
  const listed = spawnSync('fc-list', [':lang=zh', 'family'], { encoding: 'utf8' });
  if (listed.status === 0 && /Noto Sans CJK/i.test(listed.stdout)) return true;
  const dir = '/usr/share/fonts/opentype/noto';
  return existsSync(dir) && readdirSync(dir).some((f) => f.startsWith('NotoSansCJK'));
}

const PACKAGES: readonly SystemPackage[] = [
  { name: 'chromium', role: `Chromium at ${CHROMIUM} (report PDFs, browser tests)`, needed: ['start', 'test'], present: () => existsSync(CHROMIUM) },
  { name: 'fonts-noto-cjk', role: 'Noto CJK fonts (Chinese text in PDFs)', needed: ['start', 'test'], present: hasNotoCjk },
  { name: 'poppler-utils', role: 'pdftotext / pdfinfo (tests read PDFs back)', needed: ['test'], present: () => onPath('pdftotext') },
];

/** The packages `purpose` needs that this machine lacks. */
export function missingPackages(purpose: Purpose): SystemPackage[] {
  return PACKAGES.filter((p) => p.needed.includes(purpose) && !p.present());
}

/** How this process can run apt-get: directly as root, through password-less sudo, or not (null). */
export function aptRunner(): string[] | null {
  if (process.env.XINYONG_NO_APT === '1' || process.platform !== 'linux' || !onPath('apt-get')) return null;
  if (process.getuid?.() === 0) return [];
  // sudo drops the environment; env passes the non-interactive front end on.
  return spawnSync('sudo', ['-n', 'true'], { stdio: 'ignore' }).status === 0 ? ['sudo', '-n', 'env', 'DEBIAN_FRONTEND=noninteractive'] : null;
}

/**
 * Installs what `purpose` needs and is missing, when apt-get can run. Null when nothing is
 * missing afterwards; else a line naming what is and how to install it.
 */
function ensureSystemPackages(purpose: Purpose, log: (line: string) => void = console.log): string | null {
  let missing = missingPackages(purpose);
  const runner = missing.length > 0 ? aptRunner() : null;
  if (runner) {
    const names = missing.map((p) => p.name);
    log(`installing Debian packages: ${names.join(' ')} (${missing.map((p) => p.role).join('; ')})…`);
    // A machine without a network or a mirror should not hang the caller: minutes at most.
    const apt = (...args: string[]) => {
      const [command, ...rest] = [...runner, 'apt-get', ...args];
      return spawnSync(command!, rest, { stdio: ['ignore', 'inherit', 'inherit'], env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' }, timeout: 15 * 60_000 }).status === 0;
    };
    if (!apt('-q', 'update') || !apt('-q', 'install', '-y', ...names)) log('apt-get failed (see its output above)');
    missing = missingPackages(purpose);
  }
  return missing.length === 0 ? null : advice(missing);
}

/** What is missing and how to install it, in one line. */
export const advice = (missing: readonly SystemPackage[]): string =>
  `missing: ${missing.map((p) => p.role).join('; ')}. Install them with: apt-get install -y ${missing.map((p) => p.name).join(' ')}`;

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const purpose = process.argv[2];
  if (purpose !== 'start' && purpose !== 'test') {
    console.error('usage: node --import tsx scripts/system-packages.ts start|test');
    process.exit(2);
  }
  const left = ensureSystemPackages(purpose);
  if (left) {
    console.error(purpose === 'start' ? `report PDFs will wait for Chromium — ${left}` : left);
    process.exit(purpose === 'test' ? 1 : 0);
  }
}
