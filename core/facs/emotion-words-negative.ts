/**
 * Emotion words, part 2: unpleasant states (sad, fearful, anxious, angry, disgusted, contempt,
 * the compounds of Du et al., embarrassed, confused, determined, wistful). Same line format as
 * emotion-words-positive.ts: `phrases ; senses ; valence arousal [; flags]`.
 */
export const NEGATIVE_WORDS = `
sad, sadness, sorrow ; sad:0.6 ; -0.7 0.25
unhappy, sorry, pained ; sad:0.5 ; -0.6 0.3
sadly ; sad:0.5 ; -0.6 0.3
feeling down, feeling blue, feeling low, down hearted, downhearted ; sad:0.5 ; -0.55 0.2
heavy hearted, heavyhearted ; sad:0.6 ; -0.6 0.2
melancholy, melancholic, gloomy, glum, somber, sombre ; sad:0.5 ; -0.5 0.2
sorrowful, mournful, mourning ; sad:0.7 ; -0.75 0.3
grief, grieving, grief stricken ; sad:0.85 ; -0.85 0.35
heartbroken, heartbreak, broken hearted, brokenhearted ; sad:0.85 ; -0.9 0.35
devastated, crushed, shattered ; sad:0.88 ; -0.9 0.5
despair, despairing, desolate, hopeless ; sad:0.8 ; -0.85 0.3
miserable, wretched ; sad:0.7 ; -0.75 0.35
depressed, dejected, downcast, crestfallen, forlorn ; sad:0.6 ; -0.7 0.15
disappointed, disappointment, let down ; sad:0.45 ; -0.5 0.3
hurt, wounded ; sad:0.55 ; -0.6 0.35
tearful, teary, weepy, tears, teary eyed ; sad:0.65 ; -0.65 0.4
crying, cry, cries, weeping ; sad:0.8 ; -0.75 0.55
sobbing, sobs ; sad:0.9 ; -0.8 0.65
lonely, alone, isolated ; sad:0.5 ; -0.6 0.2
regretful, remorseful, regret ; sad:0.5 ; -0.55 0.3
upset ; sad:0.55 + angry:0.25 ; -0.65 0.55
guilty, guilt ; sad:0.45 + embarrassed:0.35 ; -0.6 0.45
ashamed, shame ; embarrassed:0.55 + sad:0.4 ; -0.65 0.45
bittersweet ; happy:0.45 + sad:0.5 ; 0.05 0.35
wistful, nostalgic, pensive, reflective, longing, yearning, homesick ; wistful:0.55 ; 0 0.25
afraid, scared, fearful, fear ; fearful:0.65 ; -0.7 0.75
frightened, fright ; fearful:0.75 ; -0.75 0.8
fearfully ; fearful:0.5 ; -0.6 0.7
terrified, petrified, terror ; fearful:0.95 ; -0.85 0.95
panicked, panic, panicking, panicky ; fearful:0.9 ; -0.8 0.95
alarmed, spooked, dread, dreading ; fearful:0.6 ; -0.6 0.75
startled ; fearfully surprised:0.55 ; -0.3 0.85
shocked, shock ; fearfully surprised:0.7 ; -0.45 0.9
horrified, horror ; fearfully disgusted:0.85 ; -0.85 0.85
nervous, nervously, nervousness ; anxious:0.5 ; -0.35 0.7
anxious, anxiety, worried, worry, worrying, stressed ; anxious:0.6 ; -0.55 0.65
apprehensive, uneasy, insecure, tense, timid ; anxious:0.45 ; -0.4 0.55
jittery, jumpy, on edge, restless ; anxious:0.5 ; -0.3 0.75
butterflies ; anxious:0.4 + happy:0.3 ; 0.1 0.7
overwhelmed ; anxious:0.65 + sad:0.3 ; -0.55 0.8
angry, anger, mad ; angry:0.65 ; -0.7 0.8
angrily ; angry:0.5 ; -0.6 0.7
annoyed, annoyance, irked, peeved, bothered ; angry:0.35 ; -0.45 0.55
miffed ; angry:0.3 ; -0.4 0.45
irritated, irritation, irritable ; angry:0.4 ; -0.5 0.6
grumpy, cranky, grouchy, sulky, sullen ; angry:0.35 + sad:0.2 ; -0.45 0.4
cross, indignant, heated ; angry:0.5 ; -0.55 0.65
frustrated, frustration, exasperated ; angry:0.5 ; -0.6 0.65
fed up, pissed off, pissed ; angry:0.65 ; -0.65 0.7
hostile, irate ; angry:0.75 ; -0.75 0.85
incensed, fuming, outraged, outrage ; angry:0.85 ; -0.85 0.9
seething, seethe ; angry:0.85 ; -0.85 0.8
furious, fury, enraged, rage, raging, wrathful ; angry:0.9 ; -0.85 0.95
livid ; angry:0.95 ; -0.9 0.95
agitated ; angry:0.35 + anxious:0.35 ; -0.5 0.8
resentful, resentment, bitter, bitterness ; sadly angry:0.55 ; -0.6 0.45
hate, hatred, hateful, loathing, loathe, vengeful ; hatred:0.8 ; -0.9 0.75
spiteful ; angry:0.5 + contempt:0.4 ; -0.7 0.6
defiant ; determined:0.5 + angry:0.35 ; -0.2 0.7
stern, serious, firm ; determined:0.4 ; -0.1 0.45
determined, resolute, stubborn, focused, assertive ; determined:0.55 ; 0.1 0.6
disgusted, disgust, grossed out, gross, distaste ; disgusted:0.65 ; -0.7 0.55
revolted, repulsed, repelled, sickened ; disgusted:0.8 ; -0.8 0.6
nauseated, nauseous, queasy, icky, yuck, ew, eww ; disgusted:0.5 ; -0.6 0.45
disgustedly ; disgusted:0.5 ; -0.6 0.5
appalled, aghast ; appalled:0.8 ; -0.75 0.65
dismayed, dismay ; sadly surprised:0.6 ; -0.55 0.6
contempt, contemptuous, disdain, disdainful, scorn, scornful ; contempt:0.6 ; -0.5 0.4
sneering, sneer, sneers, derisive, mocking ; contempt:0.65 ; -0.5 0.5
condescending, patronizing, patronising, dismissive, haughty ; contempt:0.5 ; -0.4 0.35
sarcastic, sardonic, cynical ; contempt:0.4 + smug:0.3 ; -0.25 0.45
arrogant ; smug:0.4 + contempt:0.35 ; -0.1 0.5
embarrassed, embarrassment, awkward, self conscious ; embarrassed:0.55 ; -0.3 0.55
sheepish, bashful, shy, blushing ; embarrassed:0.45 ; -0.05 0.4
flustered ; embarrassed:0.5 + anxious:0.25 ; -0.3 0.65
humiliated, mortified ; embarrassed:0.7 + sad:0.45 ; -0.8 0.65
confused, confusion, puzzled, unsure, uncertain ; confused:0.5 ; -0.15 0.45
perplexed, baffled, bewildered ; confused:0.6 + surprised:0.25 ; -0.2 0.55
mixed feelings, mixed emotions, conflicted, torn, ambivalent ; confused:0.4 + sad:0.25 + happy:0.2 ; -0.1 0.4
doubtful, skeptical, sceptical, suspicious, wary ; confused:0.35 + contempt:0.25 ; -0.3 0.45
bad, lousy, rotten, miserably ; ~:0.45 ; -0.55 0.35
awful, terrible, dreadful, horrible ; ~:0.65 ; -0.75 0.4
weird, strange, odd ; ~:0.3 ; -0.15 0.5
uncomfortable, troubled, distressed, shaken, shaky, edgy ; ~:0.55 ; -0.5 0.6
dull, meh, blah ; ~:0.4 ; -0.2 0.1
sour, moody ; ~:0.4 ; -0.45 0.4
`;
