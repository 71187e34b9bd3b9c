/**
 * A small hand-made valence/arousal/dominance lexicon for film dialogue and action lines.
 *
 * How it was made: written by hand for filmscore (not copied or derived from any published
 * lexicon such as ANEW, NRC-VAD or Warriner et al.). The words are common English words that
 * carry feeling in screenplays and subtitles — emotions, violence and danger, loss, love,
 * victory, loud sound events, imperatives — plus a few neutral-but-active verbs. Each value was
 * set by judgement on a coarse 0.1 grid in [-1, 1]:
 *   valence   −1 very unpleasant … +1 very pleasant
 *   arousal   −1 sleepy/still   … +1 frantic/explosive
 *   dominance −1 helpless/submissive … +1 in control/commanding
 * and a discrete-emotion tag: j joy, f fear, a anger, s sadness, u surprise, d disgust, - none.
 * Only base forms are listed; the scorer strips simple inflections (-s, -es, -ed, -ing, -ly,
 * -ier/-iest, doubled consonants). Treat the numbers as a rough prior, not measurements.
 *
 * Format: one entry per line, "word valence arousal dominance tag".
 */
export const LEXICON_SOURCE = `
love .9 .4 .3 j
lovely .8 .2 .2 j
happy .8 .4 .3 j
happiness .8 .4 .3 j
glad .7 .2 .2 j
joy .9 .6 .4 j
joyful .9 .6 .4 j
wonderful .9 .5 .3 j
great .7 .4 .4 j
good .6 .1 .3 j
fine .3 -.2 .2 -
nice .6 .1 .2 j
beautiful .8 .3 .2 j
beauty .8 .3 .2 j
amazing .8 .7 .3 u
awesome .8 .6 .4 j
fantastic .8 .6 .4 j
excellent .8 .4 .5 j
perfect .8 .3 .5 j
brilliant .8 .5 .5 j
smile .7 .3 .3 j
laugh .7 .6 .3 j
laughter .7 .6 .3 j
fun .7 .6 .3 j
funny .6 .5 .2 j
celebrate .8 .7 .5 j
win .8 .7 .7 j
won .8 .7 .7 j
victory .8 .7 .8 j
triumph .8 .7 .8 j
success .8 .5 .7 j
free .7 .4 .6 j
freedom .8 .4 .7 j
hope .6 .2 .3 j
hopeful .6 .2 .3 j
dream .6 .1 .2 j
friend .7 .1 .3 j
friendly .7 .1 .2 j
together .5 .1 .3 j
home .6 -.2 .3 j
safe .6 -.4 .5 -
peace .7 -.6 .4 j
peaceful .7 -.6 .4 j
calm .5 -.7 .4 -
quiet .2 -.7 .1 -
rest .4 -.6 .2 -
sleep .2 -.8 0 -
gentle .5 -.5 .1 -
warm .6 -.1 .2 j
kind .7 -.1 .3 j
thank .7 .1 .2 j
thanks .7 .1 .2 j
welcome .6 .2 .3 j
proud .7 .4 .6 j
brave .6 .5 .7 j
hero .7 .5 .7 j
strong .5 .4 .8 -
power .4 .6 .8 -
powerful .4 .6 .8 -
yes .4 .2 .3 -
yeah .3 .2 .2 -
okay .2 0 .1 -
ok .2 0 .1 -
sure .3 0 .3 -
best .8 .4 .5 j
better .5 .2 .3 j
alive .6 .5 .4 j
life .5 .2 .3 -
heart .5 .3 .1 -
kiss .8 .5 .2 j
hug .7 .2 .2 j
marry .8 .5 .3 j
wedding .8 .5 .3 j
birthday .7 .5 .2 j
gift .7 .3 .2 j
sweet .7 .1 .2 j
darling .7 .2 .2 j
dear .6 0 .1 j
honey .6 .1 .1 j
excited .7 .8 .3 j
exciting .7 .8 .3 j
thrilled .8 .8 .4 j
wow .5 .8 .1 u
yay .8 .8 .3 j
hooray .8 .8 .4 j
cheer .7 .6 .3 j
sunshine .7 .3 .2 j
bright .6 .4 .2 j
shine .6 .3 .3 j
glory .7 .6 .7 j
rescue .5 .7 .5 -
save .5 .5 .5 -
help .1 .5 -.2 f
trust .6 0 .3 j
believe .5 .1 .3 -
promise .5 .1 .3 -
forgive .5 -.1 .2 -
relief .6 -.3 .3 j
relieved .6 -.3 .3 j
lucky .7 .4 .3 j
rich .5 .3 .6 -
easy .4 -.4 .4 -
treasure .6 .5 .4 j
magic .6 .5 .2 u
wonder .6 .4 .1 u
miracle .8 .6 .2 u
surprise .3 .7 0 u
surprised .2 .7 -.1 u
sudden 0 .7 0 u
suddenly 0 .7 0 u
shock -.4 .8 -.3 u
unexpected 0 .6 -.1 u
strange -.2 .4 -.2 u
weird -.3 .4 -.1 u
incredible .6 .7 .2 u
unbelievable .2 .8 0 u
whoa .1 .8 0 u
awe .5 .7 -.2 u
curious .3 .4 0 u
mystery -.1 .4 -.1 u
confused -.3 .4 -.4 u
gasp -.3 .8 -.3 u
bang -.3 .9 .2 u
boom -.2 .9 .3 u
afraid -.7 .6 -.6 f
scared -.7 .7 -.6 f
scary -.6 .7 -.3 f
fear -.7 .7 -.6 f
fearful -.7 .6 -.6 f
terror -.9 .9 -.7 f
terrify -.9 .9 -.7 f
horror -.9 .8 -.5 f
frighten -.7 .7 -.6 f
panic -.7 .9 -.6 f
nervous -.4 .6 -.4 f
anxious -.5 .6 -.4 f
worry -.5 .5 -.4 f
danger -.7 .8 -.3 f
dangerous -.6 .8 -.2 f
threat -.6 .7 -.2 f
risk -.3 .5 -.1 f
run -.2 .8 0 f
hide -.4 .5 -.5 f
escape -.2 .8 .2 f
chase -.3 .8 .2 f
hunt -.3 .7 .5 -
hunter -.2 .6 .5 -
monster -.7 .7 .2 f
ghost -.5 .5 -.1 f
dark -.4 .3 -.1 f
darkness -.5 .3 -.2 f
shadow -.3 .2 -.1 f
trap -.6 .7 -.5 f
scream -.6 .9 -.1 f
alarm -.4 .8 0 f
alarmed -.5 .8 -.3 f
frenzy -.4 .9 -.1 f
siren -.3 .8 0 f
emergency -.6 .8 -.1 f
hurry -.2 .8 .2 f
careful -.1 .4 .1 f
stranger -.3 .3 -.2 f
doom -.8 .6 -.4 f
dread -.7 .6 -.5 f
creepy -.6 .5 -.3 f
eerie -.5 .4 -.3 f
evil -.8 .6 .4 f
poison -.7 .6 0 f
blood -.6 .7 0 f
bleed -.6 .7 -.4 f
war -.7 .8 .3 f
gun -.5 .8 .4 f
gunfire -.6 .9 .3 f
gunshot -.6 .9 .2 f
bullet -.6 .8 .2 f
knife -.5 .7 .3 f
weapon -.4 .7 .4 f
shot -.5 .8 .2 f
fire -.3 .8 .3 f
flame -.4 .8 0 f
burn -.6 .8 .1 f
bomb -.8 .9 .1 f
explode -.6 .9 .2 f
explosion -.6 .9 .1 f
blast -.4 .9 .3 f
crash -.6 .9 -.1 f
shatter -.5 .8 .2 f
collapse -.6 .7 -.4 f
crumble -.5 .6 -.3 f
fall -.4 .6 -.4 f
storm -.4 .7 0 f
thunder -.2 .7 .1 f
struggle -.4 .7 -.1 f
shake -.2 .5 -.2 f
tremble -.5 .6 -.6 f
shiver -.3 .4 -.4 f
sweat -.2 .5 -.2 f
helpless -.7 .3 -.8 f
killer -.8 .8 .5 f
deadly -.7 .7 .2 f
beast -.5 .7 .4 f
dragon -.3 .7 .5 f
pray .2 .2 -.4 f
police -.2 .5 .3 f
alien -.2 .5 .1 u
malevolent -.7 .5 .4 f
alone -.5 -.2 -.4 s
lonely -.7 -.3 -.5 s
lone -.3 -.1 -.2 s
lost -.6 .2 -.5 s
cry -.6 .5 -.4 s
tear -.6 .3 -.4 s
weep -.7 .4 -.5 s
sob -.7 .4 -.5 s
sad -.7 -.3 -.4 s
sadness -.7 -.3 -.4 s
sorry -.4 -.1 -.4 s
unhappy -.7 -.1 -.4 s
miserable -.8 .1 -.6 s
depressed -.8 -.5 -.6 s
grief -.8 -.1 -.5 s
grieve -.8 -.1 -.5 s
mourn -.8 -.2 -.4 s
funeral -.7 -.2 -.3 s
dead -.8 .2 -.4 s
death -.8 .4 -.4 s
die -.8 .6 -.5 s
hurt -.6 .5 -.4 s
pain -.7 .6 -.4 s
wound -.6 .5 -.3 s
injure -.6 .5 -.4 s
ill -.5 0 -.4 s
broken -.6 .3 -.4 s
miss -.4 0 -.2 s
gone -.5 -.1 -.3 s
goodbye -.4 -.1 -.1 s
empty -.5 -.4 -.3 s
tired -.4 -.7 -.3 s
weak -.5 -.3 -.7 s
fail -.7 .4 -.5 s
failure -.7 .3 -.5 s
lose -.6 .4 -.4 s
defeat -.7 .4 -.6 s
regret -.6 .1 -.3 s
guilt -.6 .3 -.4 s
shame -.6 .3 -.5 s
ashamed -.6 .3 -.5 s
bored -.4 -.7 -.2 s
useless -.6 -.1 -.5 s
hopeless -.8 -.2 -.6 s
rain -.2 .1 -.1 s
gloomy -.6 -.3 -.3 s
dull -.4 -.6 -.2 s
gray -.3 -.4 -.2 s
grey -.3 -.4 -.2 s
prison -.6 .3 -.5 s
surrender -.4 .3 -.8 s
beg -.4 .5 -.7 s
quit -.4 .3 -.3 s
nostalgic .3 -.2 -.1 s
cold -.4 .1 0 -
bad -.7 .2 -.1 -
terrible -.8 .5 -.2 d
awful -.8 .4 -.2 d
horrible -.8 .5 -.2 d
worst -.8 .4 -.2 -
worse -.6 .3 -.2 -
wrong -.5 .3 -.1 -
problem -.4 .4 -.1 -
trouble -.5 .5 -.2 f
mess -.4 .3 -.1 d
disgusting -.8 .5 .2 d
disgust -.8 .5 .2 d
gross -.6 .4 .1 d
ugly -.6 .2 .1 d
dirty -.5 .2 0 d
filthy -.7 .3 .1 d
rotten -.7 .2 0 d
stink -.6 .3 0 d
vomit -.7 .5 -.2 d
sick -.6 .1 -.4 d
fake -.5 .3 0 d
greed -.5 .5 .4 d
coward -.6 .4 -.6 d
pathetic -.7 .3 .3 d
hate -.8 .7 .4 a
angry -.6 .8 .5 a
anger -.6 .8 .5 a
mad -.5 .7 .4 a
furious -.7 .9 .6 a
rage -.7 .9 .6 a
annoy -.5 .5 .1 a
annoying -.5 .5 .1 a
damn -.4 .6 .3 a
hell -.5 .6 .3 a
stupid -.6 .5 .3 a
idiot -.6 .6 .4 a
liar -.7 .6 .3 a
lie -.5 .4 .1 a
betray -.8 .6 .2 a
enemy -.6 .6 .3 a
fight -.4 .8 .5 a
attack -.6 .9 .5 a
kill -.8 .8 .5 a
murder -.9 .8 .4 a
shoot -.6 .9 .5 a
smash -.5 .8 .4 a
destroy -.7 .8 .5 a
slam -.4 .8 .4 a
punch -.5 .8 .5 a
hit -.4 .8 .4 a
kick -.4 .8 .5 a
threaten -.6 .7 .5 a
revenge -.6 .8 .5 a
cruel -.8 .5 .5 a
brutal -.8 .8 .5 a
violent -.8 .9 .5 a
violence -.8 .9 .5 a
fierce -.2 .8 .6 a
shout -.3 .8 .4 a
yell -.4 .8 .4 a
glare -.4 .6 .4 a
growl -.4 .7 .4 a
roar -.2 .9 .7 a
jealous -.6 .6 0 a
envy -.5 .5 -.1 a
cheat -.6 .4 .2 a
steal -.5 .6 .3 a
stolen -.5 .5 -.2 a
thief -.5 .5 .2 a
ruin -.7 .6 .3 a
invade -.6 .7 .5 a
invasion -.6 .7 .5 a
takeover -.4 .6 .6 a
affronted -.5 .5 .1 a
battle -.4 .8 .4 -
grab -.1 .6 .4 -
stop -.2 .6 .6 a
break -.4 .6 .2 -
hot .1 .6 .1 -
fast .1 .7 .2 -
quick 0 .6 .2 -
race .2 .8 .3 -
speed .2 .8 .3 -
rush 0 .8 .3 -
sprint 0 .8 .3 -
leap .2 .7 .4 -
jump .1 .7 .3 -
crazy -.3 .7 0 -
insane -.4 .8 0 -
wild .2 .8 .2 -
slow -.1 -.5 0 -
silent -.1 -.6 0 -
silence -.1 -.6 0 -
whisper 0 -.4 -.2 -
float .4 -.3 0 -
drift .1 -.4 -.2 -
smooth .4 -.4 .2 -
soft .4 -.5 0 -
relax .6 -.7 .3 j
comfort .6 -.4 .2 j
bless .6 .1 .2 j
fly .5 .6 .4 j
soar .7 .7 .5 j
embrace .7 .3 .3 j
tender .7 -.2 .1 j
romance .8 .4 .3 j
romantic .8 .3 .2 j
passion .6 .8 .4 j
desire .4 .7 .3 -
adventure .6 .7 .4 j
quest .3 .5 .4 -
journey .3 .3 .3 -
search -.1 .3 .1 -
secret -.1 .4 .1 -
courage .6 .6 .7 j
honor .6 .3 .6 j
loyal .6 .1 .4 j
truth .4 .2 .4 -
true .4 .1 .3 -
false -.4 .2 0 -
care .5 .1 .2 j
protect .4 .5 .6 -
defend .1 .7 .6 -
guard 0 .4 .5 -
king .2 .3 .8 -
queen .3 .3 .7 -
lord .1 .2 .7 -
boss 0 .3 .7 -
command 0 .5 .8 -
control 0 .4 .8 -
obey -.2 .2 -.6 -
bold .4 .6 .7 -
fearless .5 .7 .8 -
confident .6 .4 .8 j
ready .3 .5 .6 -
determined .3 .6 .8 -
finally .5 .4 .3 j
baby .6 .2 -.1 j
family .7 .1 .3 j
mother .5 .1 .2 -
father .4 .1 .3 -
young .4 .3 .1 -
old -.1 -.3 -.1 -
memory .2 -.1 0 -
dreamy .5 -.5 0 j
lazy -.2 -.7 -.2 -
cute .7 .3 .1 j
goofy .3 .4 -.1 j
amicable .6 -.1 .2 j
benevolent .6 -.1 .4 j
awkward -.3 .3 -.4 -
humor .5 .3 .1 j
jewel .5 .3 .3 -
crown .3 .2 .6 -
like .3 .1 .1 -
want .1 .3 .2 -
need -.1 .3 -.1 -
wish .3 .1 -.1 -
must 0 .3 .4 -
now 0 .3 .3 -
wait 0 .2 .3 -
listen .1 .3 .4 -
look 0 .3 .2 -
watch 0 .3 .2 -
move 0 .5 .4 -
down -.2 .1 -.1 -
# added in session 2 for coverage (general words of screen stories; judged as above)
gorgeous .8 .4 .3 j
adorable .8 .4 .2 j
charming .7 .3 .3 j
handsome .7 .3 .3 j
pretty .6 .2 .2 j
cute .7 .3 .2 j
delicious .7 .3 .2 j
tasty .6 .2 .2 j
feast .7 .5 .4 j
party .7 .6 .3 j
holiday .7 .3 .3 j
summer .5 .2 .2 j
sunlight .6 .1 .2 j
flower .6 -.2 .1 j
garden .5 -.3 .2 -
beach .6 .1 .2 j
bride .7 .4 .3 j
groom .6 .4 .3 j
dance .7 .6 .4 j
giggle .7 .5 .2 j
puppy .7 .3 .1 j
champion .8 .6 .8 j
winner .8 .6 .7 j
medal .7 .5 .6 j
prize .7 .5 .5 j
reward .7 .4 .5 j
promotion .7 .4 .6 j
apologize .3 .1 -.2 -
clean .4 -.2 .3 -
pure .5 -.2 .3 -
sink -.6 .4 -.5 f
drown -.8 .7 -.8 f
tears -.5 .3 -.4 s
wounded -.7 .5 -.5 s
mud -.3 0 -.1 -
drag -.3 .3 .2 -
excuse -.3 .1 -.1 -
fault -.5 .2 -.3 s
blame -.5 .4 .2 a
hospital -.4 .2 -.4 s
cancer -.8 .3 -.6 s
grave -.7 -.2 -.4 s
bury -.6 -.1 -.2 s
jail -.6 .3 -.6 -
villain -.6 .4 .5 a
loser -.6 .2 -.5 d
debt -.5 .2 -.4 -
poor -.5 -.1 -.4 s
broke -.5 .2 -.4 s
homeless -.6 0 -.6 s
hungry -.3 .3 -.2 -
starve -.7 .3 -.6 s
missing -.6 .5 -.4 f
body -.3 .3 -.1 f
trigger -.4 .6 .3 f
`;

/** Words that mark negation; "n't" endings are negators too. */
export const NEGATORS: readonly string[] = [
  'not', 'no', 'never', 'nothing', 'nobody', 'none', 'neither', 'nor', 'nowhere', 'without', 'cannot', 'hardly',
];

/** Intensifiers: multiply the next content word's deviation from neutral. */
export const INTENSIFIERS: Readonly<Record<string, number>> = {
  very: 1.5, so: 1.4, really: 1.4, extremely: 1.8, incredibly: 1.7, totally: 1.5, absolutely: 1.6,
  completely: 1.5, utterly: 1.7, truly: 1.4, too: 1.3, such: 1.3, super: 1.5, most: 1.3, deeply: 1.5,
  terribly: 1.6, awfully: 1.5, insanely: 1.7, seriously: 1.3,
};

/** Diminishers: shrink the next content word ("a bit", "kind of" are matched as pairs). */
export const DIMINISHERS: Readonly<Record<string, number>> = {
  slightly: 0.5, somewhat: 0.6, barely: 0.4, fairly: 0.7, rather: 0.8, quite: 0.9, little: 0.6, bit: 0.5,
  mildly: 0.5, partly: 0.6,
};

/** Base-form verbs that open an imperative sentence ("Get down!", "Run!", "Don't move!"). */
export const IMPERATIVE_VERBS: readonly string[] = [
  'get', 'go', 'run', 'stop', 'come', 'look', 'move', 'give', 'take', 'wait', 'listen', 'hold', 'leave', 'help',
  'shut', 'stay', 'drop', 'put', 'tell', 'let', 'keep', 'watch', 'follow', 'hurry', 'duck', 'fire', 'push', 'pull',
  'open', 'close', 'hide', 'jump', 'grab', 'kill', 'sit', 'stand', 'turn', 'back', 'calm', 'trust', 'shoot',
  'freeze', 'move', 'answer', 'bring', 'catch', 'climb', 'fight', 'find', 'forget', 'leave', 'look', 'make', 'pick',
  'shut', 'show', 'speak', 'start', 'step', 'throw', 'wake', 'walk', 'hand', 'drive', 'breathe', 'focus',
];

/** Function words that carry no feeling on their own (used for "stop-word-only → neutral"). */
export const STOP_WORDS: readonly string[] = [
  'a', 'an', 'the', 'and', 'or', 'but', 'if', 'of', 'to', 'in', 'on', 'at', 'for', 'with', 'by', 'from', 'up',
  'about', 'into', 'over', 'after', 'before', 'under', 'again', 'then', 'than', 'as', 'i', 'me', 'my', 'mine',
  'you', 'your', 'yours', 'he', 'him', 'his', 'she', 'her', 'hers', 'it', 'its', 'we', 'us', 'our', 'they',
  'them', 'their', 'this', 'that', 'these', 'those', 'is', 'am', 'are', 'was', 'were', 'be', 'been', 'being',
  'have', 'has', 'had', 'do', 'does', 'did', 'will', 'would', 'shall', 'should', 'can', 'could', 'may', 'might',
  'there', 'here', 'what', 'which', 'who', 'whom', 'whose', 'when', 'where', 'why', 'how', 'just', 'also', 'all',
  'any', 'some', 'each', 'every', 'one', 'it\'s', 'i\'m', 'you\'re', 'he\'s', 'she\'s', 'we\'re', 'they\'re',
  'that\'s', 'there\'s', 'what\'s', 'i\'ve', 'i\'ll', 'you\'ll', 'i\'d', 'let\'s', 'well', 'uh', 'um', 'hmm',
  'oh', 'ah', 'eh', 'hey', 'hi', 'hello', 'out', 'off', 'yet', 'still', 'even', 'only', 'own', 'same', 'other',
  'such', 'more', 'much', 'many', 'few', 'said', 'says', 'say',
];
