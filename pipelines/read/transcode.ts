/**
 * GB18030 (a superset of GBK) to UTF-8, in parallel: the file is cut into byte ranges at line
 * ends and each range is decoded by the platform's decoder (ICU) in a worker thread, into its own
 * part file. A line feed never occurs inside a GB18030 character (lead and trail bytes are ≥ 0x30),
 * so a range that starts after one starts on a character boundary.
 *
 * The parts are read by one `read_csv([...])`, whose `skip` applies to every file: each part after
 * the first starts with `skipLines` empty lines, so that the same `skip` drops the title and header
 * rows of the first part and only those padding lines of the others. The padding ends its lines as
 * the file does (CRLF or LF), since DuckDB settles the line ending of each file separately. DuckDB
 * reads the files in order, so rows keep their positions.
 *
 * A cut may fall on a line break inside a quoted cell; DuckDB then rejects the parts as malformed
 * and the loader reads the file again, whole (see openCsv).
 */
import { closeSync, openSync, readSync, statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import { Worker } from 'node:worker_threads';

/** Below this many bytes per range, splitting costs more than it saves. */
const MIN_PART_BYTES = 8 << 20;

// Plain JavaScript run with `eval`, so the worker needs no TypeScript loader. The padding ends
// its lines as the range's first line ends.
const WORKER = `
const { workerData } = require('node:worker_threads');
const fs = require('node:fs');
const { file, start, end, out, padding } = workerData;
const input = fs.openSync(file, 'r');
const output = fs.openSync(out, 'w');
try {
  const decoder = new TextDecoder('gb18030');
  const buf = Buffer.allocUnsafe(1 << 22);
  for (let pos = start, first = true; pos < end; first = false) {
    const n = fs.readSync(input, buf, 0, Math.min(buf.length, end - pos), pos);
    if (n <= 0) break;
    pos += n;
    if (first && padding > 0) {
      const lf = buf.subarray(0, n).indexOf(10);
      fs.writeSync(output, (lf > 0 && buf[lf - 1] === 13 ? '\\r\\n' : '\\n').repeat(padding));
    }
    fs.writeSync(output, decoder.decode(buf.subarray(0, n), { stream: true }));
  }
  fs.writeSync(output, decoder.decode());
} finally {
  fs.closeSync(input);
  fs.closeSync(output);
}
`;

/** Byte offsets that cut the file into about `parts` ranges, each starting after a line feed. */
function lineCuts(file: string, size: number, parts: number): number[] {
  const cuts = [0];
  const fd = openSync(file, 'r');
  const buf = Buffer.alloc(1 << 16);
  try {
    for (let i = 1; i < parts; i++) {
      let pos = Math.max(Math.floor((size * i) / parts), cuts.at(-1)!);
      for (;;) {
        const n = readSync(fd, buf, 0, buf.length, pos);
        if (n <= 0) return [...cuts, size];
        const lf = buf.subarray(0, n).indexOf(10);
        if (lf >= 0) {
          pos += lf + 1;
          break;
        }
        pos += n;
      }
      if (pos >= size) break;
      if (pos > cuts.at(-1)!) cuts.push(pos);
    }
  } finally {
    closeSync(fd);
  }
  return [...cuts, size];
}

/**
 * Decodes `file` into UTF-8 part files in `dir` and returns their paths in order.
 * @param skipLines the lines `read_csv` skips at the start of every part (title and header rows)
 * @param parts how many ranges at most; by default `$XINYONG_DECODE_PARTS`, else one per
 *   processor with at least 8 MB each
 */
export async function gb18030ToUtf8Parts(file: string, dir: string, skipLines: number, parts?: number): Promise<string[]> {
  const size = statSync(file).size;
  const knob = Number(process.env.XINYONG_DECODE_PARTS);
  const wanted = parts ?? (knob >= 1 ? Math.floor(knob) : Math.max(1, Math.min(availableParallelism(), Math.floor(size / MIN_PART_BYTES))));
  const cuts = lineCuts(file, size, wanted);
  const outs = cuts.slice(1).map((_, i) => path.join(dir, `utf8-${i}.csv`));
  const workers = outs.map((out, i) => new Worker(WORKER, {
    eval: true, workerData: { file, start: cuts[i], end: cuts[i + 1], out, padding: i === 0 ? 0 : skipLines },
  }));
  const finished = workers.map((worker) => new Promise<void>((resolve, reject) => {
    worker.once('error', reject);
    worker.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`GB18030 decoder stopped with code ${code}`))));
  }));
  try {
    await Promise.all(finished);
  } catch (err) {
    // One range failed (a read error): stop the others before the caller removes their files.
    await Promise.allSettled(workers.map((w) => w.terminate()));
    throw err;
  }
  return outs;
}
