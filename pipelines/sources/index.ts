/** Every source type the pipelines accept, by id. */
import { creditCheck } from './credit-check.ts';
import { creditCommitment } from './credit-commitment.ts';
import { creditList } from './credit-list.ts';
import { creditRepair } from './credit-repair.ts';
import { disciplineImplementation, disciplineItem } from './discipline.ts';
import { gradedSupervision } from './graded-supervision.ts';
import { judicial } from './judicial.ts';
import { licence } from './licence.ts';
import { merchant, merchantEvent } from './merchant.ts';
import { payment } from './payment.ts';
import { penalty } from './penalty.ts';
import type { LakeRecordTable } from '../../warehouse/lake.ts';
import type { SourceType } from './source-type.ts';
import { honestyStar, pilotVillage, publicityArticle, streetRegistration } from './street-reports.ts';
import { subjectLegal } from './subject-legal.ts';
import { subjectPerson } from './subject-person.ts';
import { taskProgress } from './task-progress.ts';
import { taxGrade } from './tax-grade.ts';

const ALL: readonly SourceType[] = [
  subjectLegal, subjectPerson,
  licence, penalty,
  creditList, creditCommitment, taxGrade, payment, judicial,
  gradedSupervision, creditCheck, disciplineItem, disciplineImplementation, creditRepair,
  streetRegistration, publicityArticle, pilotVillage, honestyStar,
  taskProgress,
  merchant, merchantEvent,
];

export const SOURCE_TYPES: Readonly<Record<string, SourceType>> = Object.fromEntries(ALL.map((d) => [d.id, d]));

/** Source types whose rows are credit records (record volume, coverage). */
export const CREDIT_RECORD_TYPES: readonly SourceType[] = ALL.filter((d) => d.creditRecord);

export function getSourceType(id: string): SourceType {
  const def = SOURCE_TYPES[id];
  if (!def) throw new Error(`unknown source type "${id}" (known: ${Object.keys(SOURCE_TYPES).join(', ')})`);
  return def;
}

export type { FieldDef, SourceType } from './source-type.ts';

/**
 * The record tables of the Parquet lake (warehouse/lake.ts): one per source type, partitioned by
 * the day its rows are about (the same day that places them in a period).
 */
export function lakeRecordTables(): LakeRecordTable[] {
  return ALL.map((d) => ({ name: d.id, table: d.table, dateColumn: d.eventDate ?? d.creditRecord?.dateField ?? null }));
}
