// A report as the dashboard shows and prints it: the heading it carries and its content (the
// figures, frozen for a published report). The content types are the server's own.
import type { BulletinContent } from '../../../../metrics/reports/bulletin';
import type { WeeklySheetContent } from '../../../../metrics/reports/weekly-sheet';
import type { ReportMeta } from '../../../../warehouse/repositories/reports';

export type { BulletinContent, WeeklySheetContent };

export interface ReportHeading {
  title: string;
  number: string;
  issuer: string;
  date: string;
}

export interface ReportDocument {
  heading: ReportHeading;
  content: BulletinContent | WeeklySheetContent;
  /** A preview of a period that has not ended (China time): its figures are incomplete. */
  unfinished?: boolean;
}

/** A stored report as listed (GET /api/reports): the repository's own type. */
export type ReportListing = ReportMeta;
