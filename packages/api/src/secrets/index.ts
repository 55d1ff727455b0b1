/**
 * `@comput3/api/secrets`: what a secret is and every way it is hidden, shared by the SDK and
 * the mock. Not generated.
 *
 * @module secrets
 */
export {
  cut,
  hideUrlPasswords,
  isSecret,
  MASK,
  scrubbed,
  scrubSecretLooking,
  textScrubber,
} from './text.js';
export { redactor, type Redactor } from './bytes.js';
