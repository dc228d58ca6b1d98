// Presentation of an indicator status (达标 / 进度正常 / 滞后 / 严重滞后): its tone and icon.
// Colour is never the only cue: every status also carries a text label and a distinct icon.
import type { Status } from '$lib/api/types';

export type StatusKey = Status | 'none';

export interface StatusStyle {
  key: StatusKey;
  /** CSS custom property holding the status colour. */
  colorVar: string;
  icon: 'check' | 'arrow' | 'alert' | 'cross' | 'dash';
}

const STYLES: Record<StatusKey, StatusStyle> = {
  met: { key: 'met', colorVar: '--status-met', icon: 'check' },
  on_track: { key: 'on_track', colorVar: '--status-on-track', icon: 'arrow' },
  behind: { key: 'behind', colorVar: '--status-behind', icon: 'alert' },
  far_behind: { key: 'far_behind', colorVar: '--status-far-behind', icon: 'cross' },
  none: { key: 'none', colorVar: '--status-none', icon: 'dash' },
};

/** Example: statusStyle('behind').icon → 'alert'; statusStyle(null).key → 'none'. */
export function statusStyle(status: Status | null | undefined): StatusStyle {
  return (status && STYLES[status]) || STYLES.none;
}
