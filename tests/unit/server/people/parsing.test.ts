import { describe, expect, it } from 'vitest';
import { AppError } from '../../../../src-shared/errors.ts';
import type { AnyErrorCode } from '../../../../src-shared/errors.ts';
import { LIMITS } from '../../../../src-shared/limits.ts';
import { escapeLike, parseSearchQuery } from '../../../../src-server/features/people/search.ts';
import { parseTeamName } from '../../../../src-server/features/teams/team-view.ts';

function codeOf(fn: () => unknown): AnyErrorCode | null {
  try {
    fn();
    return null;
  } catch (error) {
    if (error instanceof AppError) return error.code;
    throw error;
  }
}

describe('parseSearchQuery', () => {
  it('treats empty and whitespace-only queries as a request for suggestions', () => {
    for (const query of ['', ' ', '\t \n']) expect(parseSearchQuery(query)).toEqual({ kind: 'suggestions' });
  });

  it(`needs at least ${LIMITS.userSearchMinChars} characters after trimming, counting code points`, () => {
    expect(codeOf(() => parseSearchQuery('a'))).toBe('QUERY_TOO_SHORT');
    expect(codeOf(() => parseSearchQuery('  a  '))).toBe('QUERY_TOO_SHORT');
    // One emoji is two UTF-16 units but one character to the person typing it.
    expect(codeOf(() => parseSearchQuery('🎵'))).toBe('QUERY_TOO_SHORT');
    expect(parseSearchQuery('🎵🎵')).toEqual({ kind: 'search', needle: '🎵🎵' });
  });

  it('trims and lower-cases the needle', () => {
    expect(parseSearchQuery('  DJ Ab ')).toEqual({ kind: 'search', needle: 'dj ab' });
  });
});

describe('escapeLike', () => {
  it('escapes LIKE wildcards and the escape character itself', () => {
    expect(escapeLike('100%_pure\\mix')).toBe('100\\%\\_pure\\\\mix');
    expect(escapeLike('plain text')).toBe('plain text');
  });
});

describe('parseTeamName', () => {
  it('trims the name', () => {
    expect(parseTeamName('  Beat Crew \n')).toBe('Beat Crew');
  });

  it(`accepts 1 to ${LIMITS.teamNameMaxChars} characters, counting code points`, () => {
    expect(parseTeamName('x')).toBe('x');
    expect(parseTeamName('🎧'.repeat(LIMITS.teamNameMaxChars))).toHaveLength(LIMITS.teamNameMaxChars * 2);
    expect(codeOf(() => parseTeamName('🎧'.repeat(LIMITS.teamNameMaxChars + 1)))).toBe('VALIDATION_FAILED');
  });

  it('rejects a blank name, pointing at the field', () => {
    try {
      parseTeamName('   ');
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(AppError);
      expect((error as AppError).issues).toEqual([{ path: 'name', message: 'required' }]);
    }
  });
});
