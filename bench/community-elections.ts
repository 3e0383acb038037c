import { tallyElection, type ElectionBallot } from '@hub/community/dist/votes/election-tally';
import type { ElectorateUnit } from '@hub/community/dist/votes/tally';
import { runStandalone, timed, median, type BenchRow } from './feature-bench';

/**
 * The count of a contested owners'-committee election in a 5,000-unit compound: 11 seats, 21
 * candidates, every participating owner marking up to 11 of them. Pure BigInt count only: the SQL
 * it reads is the owners' count's (two statements, see community-deliberation) plus one statement
 * for the ballot paper. Run after `npm run build`: `node -r @swc-node/register bench/community-elections.ts`.
 */
export async function runCommunityElectionsBench(options: { units?: number; seats?: number; candidates?: number; runs?: number } = {}): Promise<BenchRow[]> {
  const units = options.units ?? 5_000;
  const seats = options.seats ?? 11;
  const candidateCount = options.candidates ?? 21;
  const runs = options.runs ?? 9;
  // one owner in ten holds a second unit; the developer keeps the last 2%, as in the owners' count benchmark
  const electorate: ElectorateUnit[] = [];
  for (let i = 0; i < units; i++) {
    const voterKey = i >= units * 0.98 ? 'DEVELOPER' : `o${i % 10 === 9 ? i - 1 : i}`;
    electorate.push({ voterKey, areaCentiM2: 6_000 + ((i * 37) % 80) * 100 });
  }
  const voters = [...new Set(electorate.map((u) => u.voterKey))];
  const candidates = Array.from({ length: candidateCount }, (_, c) => `candidate-${String(c).padStart(2, '0')}`);
  // 80% turnout; each ballot marks 8 to 11 candidates
  const ballots: ElectionBallot[] = voters
    .filter((_, i) => i % 5 !== 0)
    .map((voterKey, i) => {
      const offset = i % 7; // ballots lean to the first candidates, so some have a majority and some not
      return { voterKey, candidateIds: [...candidates.slice(offset), ...candidates.slice(0, offset)].slice(0, seats - (i % 4)) };
    });
  const once = tallyElection(seats, candidates, electorate, ballots);
  const times: number[] = [];
  for (let r = 0; r < runs; r++) times.push((await timed(() => tallyElection(seats, candidates, electorate, ballots))).ms);
  return [
    {
      case: `election count of a ${units}-unit compound (${voters.length} owners, ${ballots.length} ballots, ${candidateCount} candidates for ${seats} seats)`,
      value: Number(median(times).toFixed(2)),
      unit: 'ms (median)',
      note: `${runs} runs, max ${Math.max(...times).toFixed(2)} ms`,
    },
    { case: 'seats filled in the benchmark election', value: once.elected.length, unit: 'seats', note: `quorum ${once.quorumMet}, run-off seats ${once.runOffSeats}` },
  ];
}

runStandalone(module, () => runCommunityElectionsBench());
