// Why a whole file was refused, worded in the page's language: the pure explainer in the
// repository's lib/, shared with the API's codes.
export * from '../../../lib/file-problems';
