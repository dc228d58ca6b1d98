/**
 * Opens a warehouse ready for use: schema migrated and the preset installed on first use (and
 * again when its files changed). The preset returned is the one in force: the files with the
 * office's plan edits applied.
 */
import { openWarehouse, type Warehouse } from './connection.ts';
import { migrate } from './migrate.ts';
import { installPreset, presetHash } from './preset/install-preset.ts';
import { loadPreset } from './preset/load-preset.ts';
import type { Preset } from './preset/preset-schema.ts';
import { applyEdits, readPlanEdits } from './preset/plan-edits.ts';

export interface ReadyWarehouse {
  wh: Warehouse;
  preset: Preset;
  /** True when this call created the schema (a new warehouse). */
  created: boolean;
}

/**
 * @example const { wh, preset } = await openReady('./data/xinyong.duckdb', 'zibo');
 */
export async function openReady(file: string, presetId: string, opts: { readOnly?: boolean } = {}): Promise<ReadyWarehouse> {
  const wh = await openWarehouse(file, opts);
  try {
    let created = false;
    let martsStale = false;
    if (!opts.readOnly) {
      const applied = await migrate(wh);
      created = applied.includes(1);
      martsStale = !created && applied.length > 0;
    }
    const installed = await wh.all<{ id: string; content_hash: string | null }>('SELECT id, content_hash FROM meta.preset').catch(() => []);
    const id = installed[0]?.id ?? presetId;
    const { preset, setAside } = applyEdits(await loadPreset(id), await readPlanEdits(wh));
    for (const x of setAside) console.warn(`plan edit ${x.id} no longer applies to the preset's files and is set aside: ${x.problem}`);
    // First use, or the preset's files (or the office's edits) changed since they were installed.
    if (!opts.readOnly && installed[0]?.content_hash !== presetHash(preset)) {
      await installPreset(wh, preset);
      martsStale ||= installed[0] !== undefined;
    }
    // Marts computed under the old schema or catalog: marked for a full rebuild (an empty
    // mart.refresh_state), which metrics/open.ts or the next batch's refresh carries out.
    if (martsStale) await wh.run('DELETE FROM mart.refresh_state');
    return { wh, preset, created };
  } catch (err) {
    wh.close();
    throw err;
  }
}
