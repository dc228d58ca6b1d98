// Counts and percentages in Chinese (万/亿) or English conventions: the pure formatter in the
// repository's lib/, shared with the server (the bulletin's summary is written with it).
export * from '../../../lib/number-format';
