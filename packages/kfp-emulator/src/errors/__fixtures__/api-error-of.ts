import { ApiError } from '../api-error';

/** The ApiError a call throws; anything else it throws, or no error, fails the test. */
export function apiErrorOf(fn: () => unknown): ApiError {
  try {
    fn();
  } catch (error) {
    if (error instanceof ApiError) return error;
    throw error;
  }
  throw new Error('expected an ApiError');
}
