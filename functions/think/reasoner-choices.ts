/** The reasoner names live in core (the job manifest uses them too); re-exported for the think code. */
export { REASONER_CHOICES, type ReasonerChoice } from '../../core/plan/reasoner-choices.js';
