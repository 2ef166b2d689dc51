// The spelling dictionaries in a worker thread (plain JavaScript, so it runs wherever the server
// or a test runs): loading them takes seconds of CPU and would otherwise stall every request of
// the process. Answers { id, words } with { id, real: boolean[] } (see spelling.ts for the rules).
import { Buffer } from 'node:buffer';
import { readFile } from 'node:fs/promises';
import { performance } from 'node:perf_hooks';
import process from 'node:process';
import { URL } from 'node:url';
import { parentPort } from 'node:worker_threads';
import nspell from 'nspell';

const MIN_LEFT = 4;
const MIN_RIGHT = 4;

const file = (name) => readFile(new URL(`./dictionaries/${name}`, import.meta.url));

const started = performance.now();
const [nbAff, nbDic, nnAff, nnDic, en] = await Promise.all([
  file('nb_NO.aff'),
  file('nb_NO.dic'),
  file('nn_NO.aff'),
  file('nn_NO.dic'),
  import('dictionary-en').then((m) => m.default),
]);
// The Norwegian files are ISO-8859-1 (their SET line); nspell reads strings.
const spellers = [
  nspell(nbAff.toString('latin1'), nbDic.toString('latin1')),
  nspell(nnAff.toString('latin1'), nnDic.toString('latin1')),
  nspell(Buffer.from(en.aff).toString('utf8'), Buffer.from(en.dic).toString('utf8')),
];

function inDictionary(word) {
  const capitalised = word.charAt(0).toUpperCase() + word.slice(1);
  return spellers.some((s) => s.correct(word) || s.correct(capitalised));
}

/** The dictionary allows the word as the first part of a compound (hunspell's COMPOUNDFLAG). */
function startsCompounds(word) {
  return spellers.some((s) => {
    const flag = s.flags?.COMPOUNDFLAG;
    return flag !== undefined && (s.data?.[word]?.includes(flag) ?? false);
  });
}

function isWord(word) {
  if (inDictionary(word)) return true;
  for (let i = MIN_LEFT; i <= word.length - MIN_RIGHT; i++) {
    const left = word.slice(0, i);
    if (!startsCompounds(left)) continue;
    const right = word.slice(i);
    if (inDictionary(right)) return true;
    if ((right[0] === 's' || right[0] === 'e') && right.length - 1 >= MIN_RIGHT && inDictionary(right.slice(1))) return true;
  }
  return false;
}

parentPort.postMessage({ ready: true, ms: performance.now() - started, heapMb: process.memoryUsage().heapUsed / 1e6 });
parentPort.on('message', ({ id, words }) => {
  parentPort.postMessage({ id, real: words.map(isWord) });
});
