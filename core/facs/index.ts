/** The FACS knowledge base and the offline `facs` reasoner. */
export {
  ACTION_UNITS,
  type ActionUnitInfo,
  actionUnit,
  KNOWN_AUS,
  requireActionUnit,
} from './action-units.js';
export { FACS_REASONER_DEFAULTS, FacsReasoner, type FacsReasonerOptions } from './facs-reasoner.js';
export {
  describeIntensity,
  INTENSITY_LETTERS,
  type IntensityLetter,
  intensityFromLetter,
  LETTER_INTENSITY,
  letterFromIntensity,
} from './intensity.js';
export { closestEmotionWord, EMOTION_LEXICON, lookupEmotion } from './lexicon.js';
export {
  BASIC_EMOTIONS,
  BASIC_PROTOTYPES,
  COMPOUND_PROTOTYPES,
  compoundOf,
  type EmotionPrototype,
  emotionPrototype,
  PROTOTYPES,
} from './prototypes.js';
