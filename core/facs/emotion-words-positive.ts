/**
 * Emotion words, part 1: pleasant, surprised and low-arousal states (happy, content, calm,
 * hopeful, tender, proud, interested, surprised, awed, smug, tired, bored, neutral).
 *
 * One entry per line: `phrases ; senses ; valence arousal [; flags]`
 * - phrases: comma-separated, lower case, hyphens written as spaces;
 * - senses: `label:intensity` joined by `+` for blends ("bittersweet"); `~:intensity` means
 *   "no category of its own: take the prototype nearest to this valence/arousal";
 * - valence -1..1 and arousal 0..1 of the word itself (Russell's circumplex, after the
 *   NRC VAD and ANEW norms in spirit, rounded);
 * - flags: `smile` (the word names a smile, so smile qualifiers apply).
 * Intensity is the word's base intensity 0..1 before modifiers ("furious" > "angry" > "annoyed").
 */
export const POSITIVE_AND_LOW_AROUSAL_WORDS = `
happy, happiness ; happy:0.6 ; 0.8 0.55
glad ; happy:0.5 ; 0.7 0.45
cheerful, cheery, merry, jolly, upbeat ; happy:0.55 ; 0.75 0.6
joyful, joyous, joy ; happy:0.75 ; 0.85 0.65
delighted, delight ; happy:0.75 ; 0.85 0.7
elated, jubilant ; happy:0.85 ; 0.9 0.85
ecstatic, euphoric, overjoyed, over the moon, on cloud nine ; happy:0.92 ; 0.95 0.95
thrilled ; happy:0.8 ; 0.85 0.85
excited, excitement ; happy:0.7 ; 0.75 0.85
enthusiastic, eager ; happy:0.6 ; 0.65 0.75
gleeful, giddy ; happy:0.7 ; 0.8 0.8
blissful, bliss ; happy:0.7 ; 0.9 0.5
amused, amusement, tickled ; happy:0.5 ; 0.6 0.5
laughing, laugh, laughs, laughter ; happy:0.75 ; 0.8 0.75
chuckling, chuckle, giggling, giggle, giggly ; happy:0.6 ; 0.7 0.6
playful, cheeky ; happy:0.45 ; 0.6 0.6
pleased, pleasure ; happy:0.45 ; 0.65 0.4
pleasantly, pleasant ; happy:0.4 ; 0.6 0.4
happily ; happy:0.5 ; 0.7 0.5
in high spirits, light hearted, lighthearted ; happy:0.55 ; 0.65 0.55
friendly, grateful, thankful ; happy:0.4 ; 0.65 0.35
radiant, glowing ; happy:0.7 ; 0.85 0.6
smile, smiles, smiling, smiled ; happy:0.5 ; 0.6 0.45 ; smile
grin, grins, grinning ; happy:0.65 ; 0.7 0.6 ; smile
beaming, beams, beam ; happy:0.8 ; 0.85 0.7 ; smile
smirk, smirks, smirking ; smug:0.55 ; 0.25 0.35 ; smile
smug, self satisfied, gloating ; smug:0.6 ; 0.3 0.45
cocky, superior ; smug:0.5 ; 0.35 0.55
content, contented, satisfied, fulfilled ; content:0.55 ; 0.55 0.25
calm, calmness, composed, collected, unbothered, chill, mellow ; calm:0.55 ; 0.25 0.12
peaceful, serene, tranquil, at peace, at ease, placid ; calm:0.65 ; 0.5 0.1
relaxed ; calm:0.6 ; 0.4 0.15
neutral, blank, expressionless, impassive, deadpan, poker faced, stoic ; neutral:0.5 ; 0 0.25
numb, detached, flat, indifferent ; neutral:0.55 ; -0.25 0.08
hopeful, hope, optimistic, encouraged ; hopeful:0.55 ; 0.45 0.45
expectant ; hopeful:0.4 + interested:0.3 ; 0.35 0.55
relieved, relief, reassured ; relieved:0.6 ; 0.5 0.2
tender, tenderness, gentle, kind ; tender:0.5 ; 0.6 0.2
loving, love, adoring, affectionate, fond ; tender:0.6 ; 0.8 0.4
warm, warmth, caring ; tender:0.45 ; 0.6 0.3
compassionate, sympathetic ; tender:0.4 + sad:0.3 ; 0.2 0.3
moved, touched ; tender:0.45 + sad:0.25 ; 0.35 0.45
proud, pride, accomplished, confident ; proud:0.6 ; 0.65 0.55
triumphant, victorious ; proud:0.6 + happy:0.5 ; 0.85 0.8
interested, attentive, engaged ; interested:0.5 ; 0.3 0.55
curious, intrigued ; interested:0.6 ; 0.35 0.6
fascinated ; interested:0.6 + awed:0.25 ; 0.5 0.7
alert ; interested:0.45 ; 0.1 0.7
surprised, surprise, surprising ; surprised:0.6 ; 0.1 0.85
astonished, astounded, flabbergasted, dumbfounded ; surprised:0.85 ; 0.1 0.9
stunned ; surprised:0.8 ; -0.1 0.8
taken aback ; surprised:0.55 ; -0.1 0.7
disbelief, incredulous, disbelieving ; surprised:0.55 ; -0.2 0.7
amazed, amazement ; awed:0.6 + happy:0.3 ; 0.6 0.8
awed, awe, in awe, awestruck, awe struck, wonderstruck ; awed:0.7 ; 0.5 0.75
wonder ; awed:0.5 ; 0.5 0.6
tired, tiredness ; tired:0.55 ; -0.2 0.1
exhausted, exhaustion, worn out, burned out, burnt out ; tired:0.8 ; -0.4 0.05
weary, fatigued, drained, spent ; tired:0.65 ; -0.3 0.1
sleepy, drowsy ; tired:0.6 ; 0 0.05
lethargic, sluggish ; tired:0.5 + bored:0.2 ; -0.25 0.08
listless ; tired:0.4 + bored:0.3 ; -0.3 0.08
bored, boredom, uninterested, disinterested, zoned out ; bored:0.55 ; -0.3 0.12
apathetic ; bored:0.55 ; -0.3 0.05
jaded ; bored:0.45 + tired:0.3 ; -0.35 0.15
unimpressed ; bored:0.45 + contempt:0.2 ; -0.25 0.2
good ; ~:0.45 ; 0.55 0.3
fine, okay, ok, alright ; ~:0.35 ; 0.2 0.25
great, wonderful, fantastic, awesome, amazing ; ~:0.7 ; 0.8 0.65
nice, lovely ; ~:0.5 ; 0.6 0.35
energetic, lively, animated, bubbly, peppy, hyper ; ~:0.6 ; 0.5 0.85
`;
