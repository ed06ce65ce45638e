/**
 * Words that carry no emotion of their own (articles, pronouns, auxiliaries, body parts,
 * speaking verbs, ...). The reasoner skips them silently; any other word it does not know is
 * reported in the chain of thought as unknown.
 */
const FILLER = `
a an the and or of to in on at with for by as from into onto about over under like than
because since so if when whenever as though even ever always sometimes often again still also
is am are was were be been being do does did has have had having get gets got getting go goes
went going can could would should will shall may might must let lets trying tries try tried
i me my mine myself you your yours yourself he him his himself she her hers herself it its itself
we us our ours ourselves they them their theirs themselves one someone somebody everyone people
person man woman guy girl boy child kid speaker character narrator friend friends audience camera
this that these those there here who whom whose which what where how why
feel feels feeling felt seem seems seemed seeming look looks looked looking appear appears
appeared appearing sound sounds sounding come comes came coming
face faces expression expressions eyes eye mouth lips lip brows brow eyebrows eyebrow cheeks
cheek jaw chin nose forehead head teeth voice tone mood manner way state sense air demeanor
demeanour look gaze glance stare staring stares hint touch bit little sort
emotion emotions feeling feelings mixed some any all both each every many much lot lots
news hearing heard hears listening telling tells told saying says said speaking speaks spoke
talking talks talk explaining explains describing describes reading reads story thing things
something anything everything nothing day today moment moments time times while end start
up down out off away around through upon within inside outside behind toward towards across
back along together apart yet also perhaps maybe probably possibly somehow already
reach reaches reaching reached that's it's i'm he's she's they're we're you're there's
`;

export const FILLER_WORDS: ReadonlySet<string> = new Set(FILLER.split(/\s+/).filter((w) => w.length > 0));
