/**
 * One large UTF-8 CSV of 双公示 penalties or licences in the national template, for ingest
 * benchmarks (millions of rows). Speed over variety: every text is prepared once as ready-made
 * UTF-8 stretches of the CSV line, a row is a handful of byte copies into a chunk buffer, and
 * chunks go to the file with backpressure.
 */
import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import type { Preset } from '../../warehouse/preset/preset-schema.ts';
import { getSourceType } from '../sources/index.ts';
import { corruptUscc } from './codes.ts';
import { addMonths, dayNumber, demoCalendar, formatDate } from './dates.ts';
import { buildPopulation } from './population.ts';
import { Rng } from './prng.ts';
import { drawFine, penaltyContent, toWanYuan } from './records.ts';
import { BAD_DATES, type LicenceItem, type Violation, roleOf } from './vocab.ts';

export interface BenchCsvOptions {
  out: string;
  rows: number;
  seed?: number;
  /** Decision dates fall in 2025-01-01 .. today. */
  today: string;
  preset: Preset;
  /** Default 'penalty'. */
  sourceType?: 'penalty' | 'licence';
}

export interface BenchCsvResult {
  rows: number;
  /** Rows deliberately invalid (about 1%). */
  invalidRows: number;
  bytes: number;
}

const CHUNK_BYTES = 4 * 1024 * 1024;
/** Room kept free in a chunk for the next row (rows are well under 2 KB). */
const MAX_ROW_BYTES = 16 * 1024;

/**
 * Where each column's value comes from: the subject, the decision's fixed wording (tail), the
 * department, or per row (document number, dates); 'empty' columns stay blank.
 */
type Part = 'subject' | 'tail' | 'dept' | 'doc' | 'date' | 'date2' | 'date3' | 'empty';

/** Consecutive columns from one part, written as one prepared stretch of text. */
interface Run {
  part: Part;
  fields: number[];
}

function runsOf(partOf: readonly Part[]): Run[] {
  const runs: Run[] = [];
  partOf.forEach((part, i) => {
    const last = runs[runs.length - 1];
    const mergeable = part === 'subject' || part === 'tail' || part === 'dept' || part === 'empty';
    if (last && last.part === part && mergeable) last.fields.push(i);
    else runs.push({ part, fields: [i] });
  });
  return runs;
}

/** Every run of `part` rendered from one instance's values (by field index), or null for other parts. */
function stretches(runs: readonly Run[], part: Part, values: ReadonlyMap<number, string>): (string | null)[] {
  return runs.map((r) => (r.part === part ? r.fields.map((f) => values.get(f) ?? '').join(',') : null));
}

function plain(s: string): string {
  // Prepared stretches are joined without quoting, so no value may need it.
  if (/[",\r\n]/.test(s)) throw new Error(`bench text needs CSV quoting: ${s}`);
  return s;
}

/**
 * Writes `rows` data rows (plus the header) to `out`.
 * @example await writeBenchCsv({ out: '/tmp/bench.csv', rows: 5_000_000, today: '2026-11-25', preset })
 */
export async function writeBenchCsv(opts: BenchCsvOptions): Promise<BenchCsvResult> {
  const sourceType = opts.sourceType ?? 'penalty';
  const def = getSourceType(sourceType);
  const rng = new Rng(opts.seed ?? 20211, 'bench');
  const today = dayNumber(opts.today);
  const start = dayNumber('2025-01-01');
  const pop = buildPopulation({ preset: opts.preset, rng: rng.fork('population'), scale: 0.25, today: opts.today, registryDay: today - 1 });

  // A benchmark file is one batch: no per-record report date.
  const fields = def.fields.filter((f) => f.name !== 'reported_date');
  const col = new Map(fields.map((f, i) => [f.name, i] as const));
  const at = (name: string): number => {
    const i = col.get(name);
    if (i === undefined) throw new Error(`source type ${sourceType} has no field ${name}`);
    return i;
  };

  const subjectFields = ['subject_name', 'subject_category', 'subject_uscc', 'legal_rep', 'subject_id_type', 'subject_id'];
  const tailFields = sourceType === 'penalty'
    ? ['violation_type', 'violation_facts', 'legal_basis', 'penalty_types', 'content', 'fine_amount', 'confiscated_amount']
    : ['doc_name', 'licence_category', 'certificate_name', 'content', 'status'];
  const deptFields = ['authority_name', 'authority_uscc', 'source_unit_name', 'source_unit_uscc'];
  const partOf: Part[] = fields.map(() => 'empty');
  // The subject block is one part even where it has blank columns (代码_2…6), so it stays one stretch.
  const subjectBlock = fields.findIndex((f) => f.name === 'subject_id');
  for (let i = 0; i <= subjectBlock; i++) partOf[i] = 'subject';
  for (const f of tailFields) partOf[at(f)] = 'tail';
  for (const f of deptFields) partOf[at(f)] = 'dept';
  partOf[at('doc_no')] = 'doc';
  partOf[at('decision_date')] = 'date';
  partOf[at(sourceType === 'penalty' ? 'valid_until' : 'valid_to')] = 'date2';
  partOf[at(sourceType === 'penalty' ? 'publicity_until' : 'valid_from')] = 'date3';
  for (const f of subjectFields) if (partOf[at(f)] !== 'subject') throw new Error(`${f} is outside the subject block`);
  const runs = runsOf(partOf);

  const cityFirst = pop.geo.city.nameZh.slice(0, 1);
  const districtFirst = (areaCode: string) =>
    pop.geo.districts.find((a) => a.code === areaCode.slice(0, 6))?.nameZh.slice(0, 1) ?? '';

  const subjectParts = pop.subjects.map((s) => ({
    uscc: s.uscc,
    parts: stretches(runs, 'subject', new Map([
      [at('subject_name'), plain(s.name)], [at('subject_category'), s.prefix === '92' ? '个体工商户' : '法人及非法人组织'],
      [at('subject_uscc'), s.uscc], [at('legal_rep'), plain(s.legalRep)],
    ])),
  }));
  const personParts = pop.persons.map((p) => ({
    uscc: '',
    parts: stretches(runs, 'subject', new Map([
      [at('subject_name'), plain(p.name)], [at('subject_category'), '自然人'], [at('subject_id_type'), '身份证'], [at('subject_id'), p.id],
    ])),
  }));

  // Departments that decide this kind of record, with their document-number prefixes and wording.
  const depts = opts.preset.departments
    .map((d) => ({ d, role: roleOf(d.nameZh) }))
    .filter((x) => x.role && (sourceType === 'penalty' ? x.role.violations.length : x.role.licences.length) > 0)
    .map(({ d, role }) => {
      const items = (sourceType === 'penalty' ? role!.violations : role!.licences) as readonly (Violation | LicenceItem)[];
      const tails: { parts: (string | null)[]; fine: boolean }[] = [];
      for (const item of items) {
        for (let k = 0; k < 6; k++) {
          const v = new Map<number, string>();
          let fine = false;
          if (sourceType === 'penalty') {
            const vi = item as Violation;
            const kinds = rng.weighted(vi.kinds.map((x) => x[0]), vi.kinds.map((x) => x[1])).split(';');
            const fineYuan = kinds.includes('罚款') ? drawFine(rng, vi.fine) : null;
            const conf = kinds.includes('没收违法所得') ? rng.int(10, 2_000) * 10 : null;
            fine = fineYuan !== null;
            v.set(at('violation_type'), plain(vi.type)).set(at('violation_facts'), plain(`经查，当事人${vi.fact}。`)).set(at('legal_basis'), plain(vi.basis))
              .set(at('penalty_types'), kinds.join(';')).set(at('content'), plain(penaltyContent(kinds, fineYuan, conf, rng.int(3, 10))))
              .set(at('fine_amount'), fineYuan === null ? '' : String(toWanYuan(fineYuan))).set(at('confiscated_amount'), conf === null ? '' : String(toWanYuan(conf)));
          } else {
            const li = item as LicenceItem;
            v.set(at('doc_name'), plain(li.docName)).set(at('licence_category'), li.category).set(at('certificate_name'), plain(li.certName))
              .set(at('content'), plain(rng.pick(li.contents))).set(at('status'), '1');
          }
          tails.push({ parts: stretches(runs, 'tail', v), fine });
        }
      }
      return {
        prefix: `${cityFirst}${districtFirst(d.areaCode)}${role!.abbr}${sourceType === 'penalty' ? '罚' : '许'}〔`,
        parts: stretches(runs, 'dept', new Map([[at('authority_name'), plain(d.nameZh)], [at('authority_uscc'), d.uscc], [at('source_unit_name'), plain(d.nameZh)], [at('source_unit_uscc'), d.uscc]])),
        tails,
        seq: 0,
      };
    });
  if (depts.length === 0) throw new Error(`preset ${opts.preset.id} has no department deciding ${sourceType}s`);
  const emptyParts = stretches(runs, 'empty', new Map());

  const days: number[] = [];
  const calendar = demoCalendar(opts.preset.calendar.years);
  for (let d = start; d <= today; d++) if (calendar.isWorkingDay(d)) days.push(d);
  const iso = (d: number) => formatDate(d, 'iso');
  const bytesOf = (t: string) => Buffer.from(t, 'utf8');
  const dayBytes = days.map((d) => bytesOf(iso(d)));
  const date2 = days.map((d) => bytesOf(iso(sourceType === 'penalty' ? addMonths(d, 12) : addMonths(d, 60) - 1)));
  const date3 = days.map((d) => bytesOf(sourceType === 'penalty' ? iso(addMonths(d, 3)) : iso(d)));
  const yearBytes = days.map((d) => bytesOf(`${iso(d).slice(0, 4)}〕`));
  const HAO = bytesOf('号');
  const EMPTY = Buffer.alloc(0);
  const encode = (parts: readonly (string | null)[]) => parts.map((p) => (p === null ? EMPTY : bytesOf(p)));
  const subjectsB = subjectParts.map((x) => ({ uscc: x.uscc, parts: encode(x.parts) }));
  const personsB = personParts.map((x) => ({ uscc: x.uscc, parts: encode(x.parts) }));
  const deptsB = depts.map((d) => ({
    prefix: bytesOf(d.prefix), parts: encode(d.parts), tails: d.tails.map((t) => ({ fine: t.fine, parts: encode(t.parts) })), seq: 0,
  }));
  const emptyB = encode(emptyParts);

  const stream = createWriteStream(opts.out, { highWaterMark: 8 * 1024 * 1024 });
  let bytes = 0;
  const write = async (buf: Buffer) => {
    bytes += buf.length;
    if (!stream.write(buf)) await once(stream, 'drain');
  };
  await write(bytesOf(`${fields.map((f) => plain(f.headerZh)).join(',')}\n`));

  const nRuns = runs.length;
  const kinds = runs.map((r) => r.part);
  const nameIdx = at('subject_name');
  const usccIdx = at('subject_uscc');
  const dateIdx = at('decision_date');
  const fineIdx = sourceType === 'penalty' ? at('fine_amount') : -1;
  const digits = Buffer.alloc(16);
  let invalidRows = 0;
  // Rows are assembled as UTF-8 bytes in a chunk buffer; a fresh chunk after each write, since
  // the stream holds on to the one it was given.
  let chunk = Buffer.allocUnsafe(CHUNK_BYTES);
  let pos = 0;
  const put = (b: Buffer) => {
    b.copy(chunk, pos);
    pos += b.length;
  };
  for (let n = 0; n < opts.rows; n++) {
    const dep = deptsB[rng.nextU32() % deptsB.length]!;
    const dayIdx = rng.nextU32() % days.length;
    const subject = rng.next() < 0.05 ? personsB[rng.nextU32() % personsB.length]! : subjectsB[rng.nextU32() % subjectsB.length]!;
    const tail = dep.tails[rng.nextU32() % dep.tails.length]!;
    dep.seq++;
    const rowStart = pos;
    for (let r = 0; r < nRuns; r++) {
      if (r > 0) chunk[pos++] = 0x2c;
      switch (kinds[r]) {
        case 'subject': put(subject.parts[r]!); break;
        case 'tail': put(tail.parts[r]!); break;
        case 'dept': put(dep.parts[r]!); break;
        case 'empty': put(emptyB[r]!); break;
        case 'date': put(dayBytes[dayIdx]!); break;
        case 'date2': put(date2[dayIdx]!); break;
        case 'date3': put(date3[dayIdx]!); break;
        case 'doc': {
          put(dep.prefix);
          put(yearBytes[dayIdx]!);
          let k = 0;
          for (let v = dep.seq; v > 0; v = Math.floor(v / 10)) digits[k++] = 0x30 + (v % 10);
          while (k > 0) chunk[pos++] = digits[--k]!;
          put(HAO);
          break;
        }
      }
    }
    if (rng.next() < 0.01) {
      // The slow path for 1% of rows: no value contains a comma, so splitting is exact.
      invalidRows++;
      const cells = chunk.toString('utf8', rowStart, pos).split(',');
      const kind = rng.nextU32() % 4;
      if (kind === 0 && subject.uscc !== '') cells[usccIdx] = corruptUscc(subject.uscc, rng);
      else if (kind === 1) cells[nameIdx] = '';
      else if (kind === 2 || !tail.fine) cells[dateIdx] = BAD_DATES[rng.nextU32() % BAD_DATES.length]!;
      else cells[fineIdx] = `-${cells[fineIdx]}`;
      pos = rowStart + chunk.write(cells.join(','), rowStart, 'utf8');
    }
    chunk[pos++] = 0x0a;
    if (pos > CHUNK_BYTES - MAX_ROW_BYTES) {
      await write(chunk.subarray(0, pos));
      chunk = Buffer.allocUnsafe(CHUNK_BYTES);
      pos = 0;
    }
  }
  if (pos > 0) await write(chunk.subarray(0, pos));
  stream.end();
  await once(stream, 'finish');
  return { rows: opts.rows, invalidRows, bytes };
}
