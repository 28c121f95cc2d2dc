import { closest, distance } from "fastest-levenshtein";

/** The closest candidate to a misspelt word, when it is close enough to be a plausible typo. */
export function suggest(word: string, candidates: readonly string[]): string | undefined {
  if (candidates.length === 0) return undefined;
  const best = closest(word.toLowerCase(), candidates.map((c) => c.toLowerCase()));
  const limit = Math.max(2, Math.floor(word.length / 3));
  if (distance(word.toLowerCase(), best) > limit) return undefined;
  return candidates.find((c) => c.toLowerCase() === best);
}

export const didYouMean = (word: string, candidates: readonly string[]): string => {
  const s = suggest(word, candidates);
  return s ? ` Did you mean '${s}'?` : "";
};
