/** Child process for the kill -9 test: ingests one file, announcing each phase on stdout. */
import { openReady } from '../../warehouse/bootstrap.ts';
import { ingestFile } from '../../pipelines/load/ingest.ts';
import { refreshMarts } from '../../metrics/refresh.ts';
import { ID_KEY } from './warehouse.ts';

const [db, file] = process.argv.slice(2) as [string, string];
const { wh } = await openReady(db, 'zibo');
const s = await ingestFile(wh, file, {
  sourceType: 'licence', departmentId: 'zd-xzsp', reportedAt: '2025-03-14', idKey: ID_KEY,
  afterLoad: (c, batchId) => refreshMarts(c, undefined, { batchId }),
  onProgress: (phase) => process.stdout.write(`PHASE ${phase} ${Date.now() % 1000000}\n`),
});
process.stdout.write(`DONE ${s.rowsLoaded}\n`);
wh.close();
