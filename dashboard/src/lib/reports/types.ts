// A report as the dashboard shows and prints it: the heading it carries and its content (the
// figures, frozen for a published report). The content types are the server's own.
import type { BulletinContent } from '../../../../metrics/reports/bulletin';
import type { WeeklySheetContent } from '../../../../metrics/reports/weekly-sheet';

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
}

/** A stored report as listed (GET /api/reports). */
export interface ReportListing {
  id: number;
  kind: 'weekly' | 'bulletin';
  status: 'draft' | 'published';
  periodStart: string;
  periodEnd: string;
  periodLabel: string;
  version: number | null;
  number: string;
  title: string;
  dataAsOf: string | null;
  createdByName: string | null;
  createdAt: string;
  origin: 'office' | 'schedule';
  pdfBytes: number;
  xlsxBytes: number;
}
