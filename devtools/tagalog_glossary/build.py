#!/usr/bin/env python3
"""Build assistant/tagalog_glossary.tsv: a Tagalog -> English word glossary for reading
Taglish questions word by word.

Standalone: the data tables below are hand-written from general Tagalog
knowledge (grammar words, everyday vocabulary chosen from wordfreq's "fil"
frequency list, and common verb roots expanded into their aspect forms).
Nothing here was taken from any question set.  Running the script rewrites
assistant/tagalog_glossary.tsv, byte for byte the same every time.

Table format: one entry per line, "tagalog | english".  English "-" means a
particle that only marks grammar or tone (leave it out).  Earlier tables win
when a key repeats, so the hand-written grammar tables take precedence over
the vocabulary list and over generated verb forms.
"""
import os
import re

# ---------------------------------------------------------------------------
# 1. Question words, their typed variants and fixed question expressions
# ---------------------------------------------------------------------------
QUESTION = """
ano | what
anong | what
ano-ano | what
ano ano | what
anu | what
anu-ano | what
anung | what
ano ba | what
ano po | what
ano ba ang | what is
ano ang | what is
ano yung | what is
ano 'yung | what is
ano ba talaga | what really
para saan | what for
para saan ang | what is the purpose of
saan | where
saang | which
nasaan | where
san | where
saan ba | where
taga saan | from where
bakit | why
bakit ba | why
bat | why
ba't | why
bakit po | why
kailan | when
kelan | when
kailan ba | when
kailan pa | since when
hanggang kailan | until when
paano | how
pano | how
papaano | how
paanong | how
paano ba | how
paano po | how
paano kung | what if
pano kung | what if
magkano | how much
magkanong | how much
magkano ba | how much
magkano po | how much
ilan | how many
ilang | how many
ilan ba | how many
ilang beses | how many times
ilang araw | how many days
ilang oras | how many hours
ilang buwan | how many months
ilang taon | how many years
ilang linggo | how many weeks
sino | who
sinong | who
sino-sino | who
sinu-sino | who
sino ba | who
kanino | whose
kanino ba | whose
alin | which
aling | which
alin ba | which
alin-alin | which
alin ang | which
alin sa | which of
gaano | how
gaanong | how
gaano kadalas | how often
gaano katagal | how long
gaano kalaki | how big
gaano kaliit | how small
gaano kabilis | how fast
gaano kabagal | how slow
gaano kamahal | how expensive
gaano kamura | how cheap
gaano karami | how many
gaano kadami | how many
gaano kahaba | how long
gaano kalayo | how far
gaano kataas | how high
gaano kababa | how low
gaano kahirap | how hard
gaano kadali | how easy
gaano kalaki ang | how much is
gaano kahalaga | how important
gaano katumpak | how accurate
gaano kaayos | how good
gaano kaganda | how good
gaano kasigurado | how sure
gaano kaligtas | how safe
gaano kalala | how bad
gaano kabigat | how heavy
gaano kakomplikado | how complicated
gaano kalalim | how deep
gaano kaaga | how early
gaano kadami ang | how many
gaano na katagal | how long
ano ang pinagkaiba | what is the difference
ano ang pagkakaiba | what is the difference
anong pinagkaiba | what is the difference
anong pagkakaiba | what is the difference
ano pinagkaiba | what is the difference
ano ang kaibahan | what is the difference
pinagkaiba | difference
pinagkaiba ng | difference between
pagkakaiba | difference
pagkakaiba ng | difference between
kaibahan | difference
ano ang mangyayari | what will happen
anong mangyayari | what will happen
ano ang nangyari | what happened
anong nangyari | what happened
ano ang kinalabasan | what was the outcome
ano kaya | what
sino kaya | who
bakit kaya | why
paano kaya | how
ano sa tingin mo | what do you think
sa tingin mo | do you think
sa tingin ko | i think
tama ba | is it right
totoo ba | is it true
kailangan ba | is it necessary
pwede ba | can
puwede ba | can
pwede bang | can
puwede bang | can
dapat ba | should
dapat bang | should
sulit ba | is it worth it
may saysay ba | is there any point
ano ang dapat | what should
ano dapat | what should
"""

# ---------------------------------------------------------------------------
# 2. Particles, fillers, markers and linkers
# ---------------------------------------------------------------------------
PARTICLES = """
po | -
ho | -
opo | yes
oho | yes
ba | -
bang | -
daw | -
raw | -
naman | -
namang | -
nga | -
ngang | -
pala | -
palang | -
kaya | -
eh | -
ay | -
lang | just
lamang | only
nalang | just
na lang | just
lng | just
sana | hopefully
sanang | hopefully
sana'y | hopefully
diba | right
di ba | right
'di ba | right
dba | right
db | right
'yung | the
yung | the
iyong | the
ung | the
yong | the
yon | the
'yong | the
ang | the
ng | of
nang | when
mga | -
sa | in
sa mga | in
na | -
pa | -
si | -
ni | -
sina | -
nina | -
kay | to
kina | to
ka | you
mang | -
yata | probably
ata | probably
kasi | because
kase | because
kc | because
kse | because
nman | -
nmn | -
pla | -
lng naman | just
ah | -
ha | -
oh | -
uy | -
hay | -
naku | oh no
aba | -
ayan | there
ayun | there
heto | here
eto | here
o | or
"""

# ---------------------------------------------------------------------------
# 3. Pronouns, demonstratives, conjunctions, modals, common adjectives/adverbs
# ---------------------------------------------------------------------------
FUNCTION = """
ako | i
ako'y | i am
ko | my
akin | mine
akin ang | mine is
aking | my
sakin | to me
sa akin | to me
akong | i
kong | my
ikaw | you
ika'y | you are
ikaw ay | you are
mo | your
mong | your
iyo | yours
iyong iyo | yours
sayo | to you
sa iyo | to you
kang | you
siya | he/she
siyang | he/she
siya'y | he/she is
sya | he/she
syang | he/she
niya | his/her
niyang | his/her
nya | his/her
nyang | his/her
kanya | him/her
kanyang | his/her
kaniya | him/her
kaniyang | his/her
kami | we
kaming | we
namin | our
naming | our
amin | ours
aming | our
tayo | we
tayong | we
tayo'y | we are
natin | our
nating | our
atin | ours
ating | our
kayo | you
kayong | you
ninyo | your
niyo | your
nyo | your
niyong | your
nyong | your
inyo | yours
inyong | your
sila | they
silang | they
sila'y | they are
nila | their
nilang | their
kanila | them
kanilang | their
ito | this
itong | this
ito'y | this is
nito | of this
nitong | this
dito | here
rito | here
ganito | like this
ganitong | this kind of
iyan | that
yan | that
'yan | that
ayan na | there
niyan | of that
diyan | there
dyan | there
ganyan | like that
ganyang | that kind of
iyon | that
yun | that
'yun | that
niyon | of that
noon | then
doon | there
dun | there
roon | there
ganoon | like that
ganun | like that
ganon | like that
ganoong | that kind of
narito | here
nandito | here
nandiyan | there
nandoon | there
nandun | there
kasi nga | because
dahil | because
dahil sa | because of
kaya naman | so
kaya nga | that is why
kaya't | so
sapagkat | because
pero | but
ngunit | but
subalit | but
datapwat | but
tapos | then
pagkatapos | after
at | and
at saka | and also
tsaka | and also
saka | and then
pati | also
pati na | including
o kaya | or
or | or
kung | if
kung saan | where
kung paano | how
kung ano | what
kung bakit | why
kung kailan | when
kung sino | who
kung magkano | how much
kung ilan | how many
kapag | when
pag | when
pagka | when
kaysa | than
kaysa sa | than
kesa | than
kesa sa | than
kumpara sa | compared to
upang | so that
para | for
para sa | for
para makita | to see
habang | while
hanggang | until
mula | from
mula sa | from
galing | from
galing sa | from
tungkol | about
tungkol sa | about
ukol sa | about
hinggil sa | regarding
kahit | even
kahit na | even though
kahit ano | anything
kahit sino | anyone
kahit saan | anywhere
kahit kailan | anytime
basta | as long as
maliban | except
maliban sa | except
bukod | besides
bukod sa | besides
imbes | instead
imbis | instead
halip | instead
sa halip | instead
pwede | can
puwede | can
pwedeng | can
puwedeng | can
pde | can
pwd | can
maaari | can
maaaring | can
maari | can
maaring | can
dapat | should
dapat na | should
nararapat | should
kailangan | need
kailangang | need to
kelangan | need
kinakailangan | required
kinakailangang | required
gusto | want
gustong | want to
gusto ko | i want
ayaw | don't want
ayoko | i don't want
ayaw ko | i don't want
nais | want
mas | more
mas mabuti | better
mas maganda | better
mas mura | cheaper
mas mahal | more expensive
mas mabilis | faster
mas madali | easier
pinaka | most
pinakamura | cheapest
pinakamahal | most expensive
pinakamabilis | fastest
pinakamadali | easiest
pinakamaganda | best
pinakamagandang | best
pinakamabuti | best
pinakamahusay | best
pinakamalaki | biggest
pinakamalaking | biggest
pinakamahalaga | most important
pinakamahalagang | most important
pinakamataas | highest
pinakamababa | lowest
hindi | not
hindi ba | right
di | not
'di | not
hnd | not
hindi pa | not yet
wala | none
walang | no
wala pa | not yet
wala na | no more
meron | has
merong | there is
mayroon | has
mayroong | there is
may | has
meron ba | is there
talaga | really
talagang | really
muna | first
din | also
rin | also
ding | also
lahat | all
lahat ng | all
lahat ba | all
iba | other
ibang | other
iba pa | other
iba't iba | various
iba't ibang | various
pareho | same
parehong | same
pareho lang | the same
pareho ba | the same
parehas | same
sulit | worth it
sulit ba ang | is it worth
mura | cheap
murang | cheap
mahal | expensive
mahalin | love
bago | new
bagong | new
bago mag | before
bago ang | before
bago nag | before
bago sila | before they
bago kami | before we
sweldo | salary
suweldo | salary
binayad | paid
ibinayad | paid
binayaran | paid
pinakamagaling | best
pinakamagaling na | the best
luma | old
lumang | old
mabilis | fast
mabilisang | quick
mabagal | slow
tama | right
tamang | right
mali | wrong
maling | wrong
madali | easy
madaling | easy
mahirap | hard
mahirapan | struggle
ok | ok
okay | okay
oks | ok
sige | ok
sige po | ok
oo | yes
oo naman | of course
hindi naman | not really
siyempre | of course
syempre | of course
siguro | maybe
baka | maybe
marahil | perhaps
malamang | probably
posible | possible
posibleng | possible
siguradong | surely
sigurado | sure
ngayon | now
ngayong | this
ngayo'y | now
kanina | earlier
mamaya | later
bukas | tomorrow
kahapon | yesterday
agad | immediately
agad-agad | immediately
kaagad | immediately
lagi | always
laging | always
palagi | always
palaging | always
madalas | often
minsan | sometimes
paminsan-minsan | once in a while
kadalasan | usually
kadalasang | usually
tuwing | every
bawat | each
kada | per
isa-isa | one by one
marami | many
maraming | many
madami | many
dami | amount
kaunti | few
kaunting | a little
konti | a little
konting | a little
onti | a little
sobra | too much
sobrang | too
masyado | too
masyadong | too
medyo | somewhat
napaka | very
napakalaking | very big
lalo | especially
lalo na | especially
lalong | even more
halos | almost
mismo | itself
sarili | self
sariling | own
tulad | like
tulad ng | like
gaya | like
gaya ng | like
katulad | like
katulad ng | like
parang | like
kagaya | like
kagaya ng | like
halimbawa | example
halimbawa na | for example
kung hindi | otherwise
kundi | but
bilang | as
ayon | according
ayon sa | according to
batay sa | based on
depende | depends
depende sa | depends on
"""

# ---------------------------------------------------------------------------
# 4. Everyday vocabulary: words of wordfreq top_n_list("fil", 3000, "small")
#    whose Tagalog Zipf frequency is >= 1.0 above the English one, real
#    Tagalog words only (names, same-spelling English loans, numbers, single
#    letters and uncertain words skipped), with their plain English.
# ---------------------------------------------------------------------------
VOCAB = """
isang | one
isa | one
nang | when
pang | for
mag | -
nag | -
buhay | life
araw | day
tao | person
taong | person
taon | year
panahon | time
panahong | time
bagay | thing
bahay | house
kasama | with
kasamang | companion
naging | became
babae | woman
babaeng | woman
bansa | country
bansang | country
maging | become
magiging | will be
loob | inside
anak | child
buong | whole
buo | whole
unang | first
una | first
bagong | new
dalawang | two
dalawa | two
mukha | face
mukhang | looks like
pilipinas | philippines
sabi | said
ibig | mean
ibig sabihin | meaning
oras | hour
sabihin | say
bayan | town
ilalim | under
diyos | god
dios | god
sakit | illness
uri | type
lugar | place
aaral | study
bahagi | part
bahaging | part
tunay | real
huwag | don't
wag | don't
'wag | don't
mundo | world
mundong | world
mata | eye
gagawin | will do
higit | more
higit sa | more than
lalaki | man
lalaking | man
lalake | man
malaki | big
malaking | big
malalaking | big
pangalan | name
pangalang | name
puso | heart
pusong | heart
matapos | after
gawin | do
kaibigan | friend
kaibigang | friend
bata | child
batang | young
ginagawa | doing
laban | against
pagitan | between
nakita | saw
sinabi | said
sinabing | said
ulo | head
pilipino | filipino
pilipinong | filipino
dahilan | reason
pagkain | food
pagkaing | food
wika | language
wikang | language
ginawa | made
ginawang | made
problema | problem
problemang | problem
kamay | hand
katawan | body
katawang | body
malapit | near
paggamit | use
gabi | night
gabing | night
laro | game
pagiging | being
pamilya | family
pamilyang | family
ama | father
amang | father
gamit | use
gumawa | make
kapatid | sibling
makita | see
tubig | water
sinasabi | saying
maliit | small
maliliit | small
tatlong | three
tatlo | three
batas | law
pera | money
kita | income
paraan | way
paraang | way
buwan | month
kabilang | including
maganda | good
magandang | good
magaganda | beautiful
magagandang | beautiful
naka | -
nung | when
tanong | question
ina | mother
inang | mother
isip | mind
mataas | high
totoo | true
totoong | true
ginagamit | used
salita | word
salitang | word
kanta | song
kantang | song
muling | again
muli | again
pelikula | movie
pelikulang | movie
ulit | again
uli | again
buhok | hair
gawa | made
ika | -
lupa | land
lupang | land
pangunahing | main
anumang | any
ilan | some
kilala | known
kilalang | known
kumain | eat
nagkaroon | had
nakikita | seeing
huling | last
huli | last
karamihan | most
kasalanan | sin
lungsod | city
asawa | spouse
asawang | spouse
pamahalaan | government
pamahalaang | government
kulay | color
labas | outside
masaya | happy
masayang | happy
ari | property
hari | king
haring | king
matagal | long
sagot | answer
malaman | know
nagbibigay | giving
taga | from
apat | four
laki | size
simula | start
dati | before
kapangyarihan | power
pagbabago | change
pagbabagong | change
lumabas | came out
maayos | fine
malakas | strong
maynila | manila
mawala | disappear
papa | dad
sanhi | cause
susunod | next
tinatawag | called
daan | road
daang | road
grupo | group
grupong | group
lakas | strength
nangyari | happened
pangulo | president
pangulong | president
programa | program
pumunta | go
salamat | thanks
simbahan | church
simbahang | church
bawal | forbidden
makikita | will see
tingin | view
edad | age
gawain | task
gawaing | task
kuwento | story
kwento | story
kuwentong | story
pagkakaroon | having
halaga | value
halagang | value
likod | back
pinag | -
relasyon | relationship
karaniwang | common
karaniwan | common
mahalaga | important
mahalagang | important
mahahalagang | important
nawala | lost
opisyal | official
umaga | morning
mabuti | good
mabuting | good
sabay | together
bumili | buy
init | heat
kayang | can
kaya ba | can
miyembro | member
paggawa | making
aral | lesson
banal | holy
patuloy | continuous
tanging | only
kasalukuyan | present
kasalukuyang | current
linggo | week
pangarap | dream
pumasok | enter
sarap | delicious
tignan | look
tingnan | look
bigyan | give
dugo | blood
galit | angry
ganap | complete
gulang | age
kasaysayan | history
pakiramdam | feeling
takot | fear
dumating | arrive
magulang | parent
resulta | result
serbisyo | service
serbisyong | service
aklat | book
beses | times
dagat | sea
larawan | picture
larawang | picture
masama | bad
masamang | bad
papel | paper
damit | clothes
kahulugan | meaning
nanalo | won
paa | foot
pagkakataon | opportunity
trabaho | work
gumagamit | using
impormasyon | information
namatay | died
puno | tree
sistema | system
sistemang | system
antas | level
gamitin | use
halaman | plant
halamang | plant
kapwa | fellow
katutubong | native
katutubo | native
nagsimula | started
nagsimulang | started
nanay | mother
sumusunod | following
bumalik | return
hapon | afternoon
hayop | animal
hirap | difficulty
layunin | goal
layuning | goal
limang | five
lima | five
naniniwala | believe
paaralan | school
pangyayari | event
pangyayaring | event
batay | based
harap | front
harapan | front
ibabaw | top
nangyayari | happening
pagmamahal | love
sunod | next
tawag | call
usapan | conversation
kaugnay | related
patay | dead
produkto | product
produktong | product
tahanan | home
anyo | form
anyong | form
biglang | suddenly
bigla | suddenly
ganda | beauty
gayon | so
ginamit | used
gitna | middle
gitnang | middle
klase | class
klaseng | kind of
lipunan | society
lupain | land
lupaing | land
magkaroon | have
mamamayan | citizen
mamamayang | citizen
pambansang | national
pambansa | national
sapat | enough
umalis | leave
darating | coming
dulo | end
lokal | local
nararamdaman | feel
pagdating | arrival
sumunod | follow
bigla na lang | suddenly
labis | excessive
nagawa | done
negosyo | business
ukol | about
epekto | effect
ibinigay | given
ingles | english
itinuturing | considered
kaharian | kingdom
katangian | characteristic
pananaliksik | research
proseso | process
artista | actor
gamot | medicine
itaas | up
kababaihan | women
kamatayan | death
kuya | older brother
mahigit | more than
nagbigay | gave
nagiging | becoming
pananaw | view
aktres | actress
anim | six
asa | hope
haba | length
hangin | wind
nawawala | missing
pamamaraan | method
sama | bad
sasabihin | will say
yugto | stage
akala | thought
kabataan | youth
kabataang | youth
kabila | other side
labanan | fight
laman | content
listahan | list
pagsusuri | analysis
sikat | famous
itim | black
lola | grandmother
lolo | grandfather
nabubuhay | living
ekonomiya | economy
estado | state
guro | teacher
karapatan | right
karapatang | right
katotohanan | truth
nakuha | got
tulong | help
balat | skin
bato | stone
dala | bring
handa | ready
handang | ready
hawak | hold
kakayahan | ability
kakayahang | ability
maikling | short
maikli | short
nagpapakita | showing
nakaraang | past
nakaraan | past
pinuno | leader
taas | height
tiyak | certain
usap | talk
utak | brain
aktor | actor
bibliya | bible
biblia | bible
gumagawa | making
iniisip | thinking
kultura | culture
kulturang | culture
partikular | particular
tauhan | character
aalis | will leave
binigyan | given
kristiyano | christian
mahusay | skilled
mainit | hot
mangyari | happen
matatagpuan | found
nasabing | said
tinawag | called
tiyan | stomach
unlad | progress
isipin | think
kulang | lacking
nais | want
pagbibigay | giving
paniniwala | belief
plano | plan
proyekto | project
proyektong | project
samantalang | while
tatay | father
bundok | mountain
ikalawang | second
ikalawa | second
kasing | as
kinuha | took
likas | natural
malawak | wide
mangyayari | will happen
pahayag | statement
punong | chief
teknolohiya | technology
tsina | china
ugat | root
ibigay | give
kaalaman | knowledge
lalawigan | province
liwanag | light
mabuhay | live
magagawa | can do
mahabang | long
mahaba | long
masakit | painful
paligid | surroundings
puro | pure
taba | fat
balita | news
gayundin | likewise
gobyerno | government
kalikasan | nature
kalusugan | health
kawalan | lack
kawalang | lack of
langit | heaven
masasabi | can say
operasyon | operation
simpleng | simple
tabi | side
tungkulin | duty
ulat | report
umabot | reached
hanay | row
kumpanya | company
kompanya | company
mababa | low
mababang | low
nalaman | found out
iisang | single
iisa | one
linya | line
malayo | far
malayong | far
milyong | million
milyon | million
natapos | finished
patungo | toward
relihiyon | religion
gumamit | use
ilog | river
kapaligiran | environment
napansin | noticed
narinig | heard
paksa | topic
paksang | topic
pamamahala | management
panaginip | dream
publiko | public
tagumpay | success
ugnayan | relationship
bibig | mouth
isda | fish
masarap | delicious
nabanggit | mentioned
naghahanap | looking for
nagsisimula | starting
nakilala | met
pinoy | filipino
posisyon | position
rehiyon | region
sintomas | symptom
tinanong | asked
tula | poem
tulang | poem
unti | little
unti-unti | gradually
unti unti | gradually
amerika | america
boses | voice
kalagayan | condition
kalayaan | freedom
magaling | good
pagtaas | increase
tunog | sound
dakilang | great
ideya | idea
nagulat | surprised
pagsasanay | training
pangangailangan | need
pitong | seven
sukat | size
tanggapin | accept
ulan | rain
alang-alang | for the sake of
daigdig | world
eksena | scene
gayunpaman | however
hinggil | regarding
kwarto | room
mamatay | die
nagsabi | said
pangkat | group
pansin | attention
asya | asia
buto | bone
damdamin | feelings
espesyal | special
gilid | side
industriya | industry
komunidad | community
nilalaman | content
panganib | danger
pari | priest
paring | priest
pinili | chose
posibleng | possible
propesyonal | professional
suot | wearing
tandaan | remember
akda | literary work
apoy | fire
binubuo | composed of
isyu | issue
kasal | wedding
maka | -
militar | military
naglalaman | contains
numero | number
palabas | show
papunta | going to
presyo | price
puting | white
puti | white
sinasabing | said to be
wakas | end
yang | that
awit | song
awiting | song
ayos | fine
kagandahan | beauty
karagdagang | additional
karagdagan | addition
kaugnayan | relation
libre | free
libreng | free
mahilig | fond of
makabagong | modern
mawalan | lose
nagsasalita | speaking
nun | then
panig | side
patakaran | policy
pinsala | damage
serye | series
sitwasyon | situation
suporta | support
tapat | honest
tradisyonal | traditional
tradisyunal | traditional
tungo | toward
umaasa | hoping
uminom | drink
umuwi | go home
utang | debt
bagaman | although
bagamat | although
bagama't | although
estudyante | student
interes | interest
kahoy | wood
kanser | cancer
kapamilya | family member
lahi | race
lumikha | create
makipag | -
matinding | intense
matindi | intense
naganap | took place
nakatira | living
naninirahan | residing
natagpuan | found
pakikipag | -
pampublikong | public
populasyon | population
timog | south
bayani | hero
ibalik | return
kape | coffee
kolehiyo | college
krus | cross
lumitaw | appeared
makapag | -
manggagawa | worker
marunong | knows how
sangkap | ingredient
senador | senator
sumagot | answered
amoy | smell
kapanahunan | era
malinaw | clear
pangalawang | second
pangalawa | second
parin | still
pa rin | still
narin | also
na rin | also
pula | red
pulang | red
samahan | organization
tila | seems
basahin | read
bili | buy
bunga | fruit
enerhiya | energy
karne | meat
larangan | field
makuha | get
nagsasabi | saying
nangangailangan | needs
ngipin | tooth
pagod | tired
palitan | replace
pangako | promise
pinakamalaking | biggest
sulat | letter
tahimik | quiet
aso | dog
bandang | around
ginto | gold
hanapin | find
iniwan | left
labi | lips
magsalita | speak
malay | aware
matagumpay | successful
tagal | duration
tumigil | stop
alis | leave
artikulo | article
artikulong | article
bumuo | form
desisyon | decision
dinala | brought
ebanghelyo | gospel
estados unidos | united states
iisip | will think
kabuuan | total
kabuuang | total
kama | bed
kondisyon | condition
kuryente | electricity
lumalabas | comes out
maaga | early
maagang | early
mismong | very
naisip | thought of
naturang | said
nilalang | creature
nilikha | created
pagsulat | writing
pahina | page
reyna | queen
santo | saint
silid | room
amerikano | american
bilis | speed
dulot | caused by
ikatlong | third
impeksiyon | infection
indibidwal | individual
ipakita | show
kasabay | along with
kastila | spanish
layo | distance
lubos | fully
magbigay | give
malalaman | will know
manalo | win
manunulat | writer
orihinal | original
panginoon | lord
punto | point
puntong | point
tinutukoy | referring to
alagad | follower
hinaharap | future
ibibigay | will give
itlog | egg
iwan | leave
kagamitan | equipment
kalaban | opponent
kapalit | replacement
kapayapaan | peace
kristo | christ
libro | book
lumaki | grew up
magagamit | can be used
magawa | do
masyado | too
naghihintay | waiting
paglalarawan | description
pananampalataya | faith
pusa | cat
sampung | ten
sundalo | soldier
agosto | august
baga | lungs
dagdag | add
iglesia | church
ilong | nose
kasunod | following
langis | oil
makati | itchy
manok | chicken
marinig | hear
nagmula | came from
pagdiriwang | celebration
pagsubok | test
panitikan | literature
paulit-ulit | repeatedly
paulit | repeated
pilit | forced
sanggol | baby
sasakyan | vehicle
sasakyang | vehicle
sumali | join
telebisyon | television
tinanggap | accepted
tumingin | look
utos | order
abot | reach
baboy | pig
bayad | payment
diwa | spirit
ibaba | down
karanasan | experience
libong | thousand
libo | thousand
luha | tears
magkasama | together
mayaman | rich
pagkamatay | death
pagtanggap | acceptance
pagtuturo | teaching
parte | part
pisikal | physical
samantala | meanwhile
sandali | moment
sandaling | moment
sining | art
umiiral | existing
balak | plan
digmaan | war
digmaang | war
disenyo | design
gawing | make
hakbang | step
hayaan | let
hinahanap | looking for
inaasahang | expected
inaasahan | expected
ipinakita | showed
korte | court
magkakaroon | will have
maintindihan | understand
modernong | modern
naririnig | hearing
nawalan | lost
pagbabalik | return
pamumuhay | way of life
pangkalahatang | general
pangkalahatan | general
pantay | equal
papasok | will enter
saya | joy
tuluyan | completely
tuluyang | completely
tumutukoy | refers to
bababa | will go down
batayan | basis
biktima | victim
espiritu | spirit
hugis | shape
karaniwan na | usually
katapusan | end
konsepto | concept
kumakain | eating
naglalaro | playing
ospital | hospital
pagtatayo | building
paningin | sight
roma | rome
senado | senate
tampok | featured
tiwala | trust
unibersidad | university
angkop | appropriate
buti | good
mabuti na lang | good thing
dibdib | chest
enero | january
hukbo | army
isinulat | written
isipan | mind
kabanata | chapter
manlalaro | player
ngiti | smile
organisasyon | organization
paghahanap | search
pasok | enter
silangan | east
silangang | east
tugon | response
aari | property
agham | science
bagyo | typhoon
bagyong | typhoon
basa | wet
dekada | decade
gastos | cost
hunyo | june
inilagay | placed
karakter | character
kilos | action
malamig | cold
matatag | stable
musika | music
naalala | remembered
natatanging | unique
oktubre | october
pader | wall
paglalakbay | journey
paglikha | creation
pagtatapos | ending
pantao | human
pinagmulan | origin
pinatay | killed
sabado | saturday
siglo | century
walong | eight
apostol | apostle
bibigyan | will give
braso | arm
bulaklak | flower
gayong | such
gusali | building
importante | important
inilabas | released
inom | drink
ipinanganak | born
kaganapan | event
kakulangan | shortage
kalidad | quality
kasapi | member
lihim | secret
maliwanag | bright
mawawala | will disappear
minuto | minute
nabasa | read
naramdaman | felt
nobyembre | november
pagkawala | loss
partido | party
pasko | christmas
pribadong | private
pribado | private
pulis | police
sinaunang | ancient
tema | theme
temperatura | temperature
tipan | covenant
tito | uncle
tita | aunt
aalok | will offer
baba | down
banda | band
bida | lead role
bigat | weight
espanyol | spanish
inspirasyon | inspiration
kahirapan | poverty
komunikasyon | communication
kontrata | contract
landas | path
mabait | kind
nakasulat | written
paglabas | release
sadyang | intentionally
subukan | try
tanggapan | office
tulungan | help
ugali | behavior
alak | liquor
bahala | up to
bahala na | whatever happens
bangko | bank
bituin | star
butas | hole
europa | europe
gagawa | will make
grabe | extreme
imahe | image
kahalagahan | importance
kaluluwa | soul
kasangkapan | tool
kasulatan | scripture
kumuha | take
lumipat | move
mahulog | fall
modelo | model
nakaka | -
nasabi | said
pagkilala | recognition
pagpasok | entry
pagpili | selection
panlabas | external
pare | buddy
patayin | kill
programang | program
sakaling | in case
sayaw | dance
aktibidad | activity
awa | pity
diin | emphasis
disyembre | december
hangga't | as long as
ibon | bird
ingat | take care
ipinahayag | declared
lalamunan | throat
nagtatrabaho | working
nalalaman | knows
palagay | opinion
sa palagay ko | i think
pamantayan | standard
perpekto | perfect
ramdam | felt
sinimulan | started
tulog | sleep
uusapan | will talk about
atake | attack
ayusin | fix
babalik | will return
bisa | validity
gutom | hungry
hiwalay | separate
isla | island
kalalakihan | men
kampanya | campaign
kongreso | congress
kunin | take
kurso | course
kursong | course
malalim | deep
manonood | viewer
mapa | map
matanda | old
matandang | old
matatanda | elders
minamahal | beloved
nakapag | -
nangangahulugan | means
nangangahulugang | means
natatakot | afraid
nauna | came first
naunang | previous
pagbuo | formation
pagkatao | personality
paglago | growth
pagpatay | killing
palatandaan | sign
pangungusap | sentence
pormal | formal
prutas | fruit
tumaas | rose
balik | return
daliri | finger
dokumento | document
gatas | milk
kasanayan | skill
kasunduan | agreement
katoliko | catholic
krimen | crime
malaya | free
malayang | free
nakakita | saw
nakatayo | standing
paghahanda | preparation
pagkuha | taking
produksyon | production
regalo | gift
tanda | sign
tindahan | store
tinig | voice
tumulong | help
aralan | study
awtoridad | authority
bayang | nation
gulay | vegetable
kailanman | ever
kakaiba | unusual
kakaibang | unusual
kalahati | half
kalahating | half
katumbas | equivalent
katunayan | in fact
sa katunayan | in fact
kautusan | decree
kumpara | compared
maghanap | look for
maiwasan | avoid
medikal | medical
nagbabago | changing
nagbago | changed
natanggap | received
opisina | office
pabalik | back
pagkakamali | mistake
panay | always
panlipunan | social
pasahero | passenger
piling | selected
pupunta | will go
suliranin | problem
timbang | weight
tumanggap | receive
umpisa | start
yaman | wealth
alamin | find out
bakal | iron
barko | ship
bilog | round
dahan-dahan | slowly
dahan | slow
datos | data
hangganan | limit
kinabukasan | future
mahanap | find
marso | march
matuto | learn
merkado | market
pinsan | cousin
sakop | covered
sentro | center
solusyon | solution
tuwa | joy
upuan | chair
anghel | angel
bumagsak | fell
direktang | direct
direkta | direct
direktor | director
galaw | movement
henerasyon | generation
hulyo | july
ilaw | light
lokasyon | location
materyal | material
materyales | materials
pagsasama | combination
templo | temple
abril | april
atbp | etc
binuksan | opened
dahon | leaf
direksyon | direction
ewan | don't know
ewan ko | i don't know
ginanap | held
ikot | turn
ipinapakita | shows
kalye | street
kapitbahay | neighbor
kinalaman | relation
kotse | car
makinig | listen
pagganap | performance
pako | nail
panloob | internal
pebrero | february
petsa | date
sayang | wasted
setyembre | september
sumama | go along
sumulat | write
tanungin | ask
transportasyon | transportation
tumawag | call
abala | busy
aktibo | active
aktibong | active
alala | memory
aspeto | aspect
bumaba | went down
dali | quick
halalan | election
isinalin | translated
itinatag | founded
kasiyahan | happiness
katao | persons
lakad | walk
lalabas | will come out
lubhang | extremely
lunes | monday
mahigpit | strict
mahina | weak
paglipas | passing
puwesto | position
tumakbo | run
alipin | slave
bersyon | version
humantong | led to
humingi | ask for
iwasan | avoid
malubhang | serious
malubha | serious
malungkot | sad
nagaganap | taking place
nagpakita | showed
paglipat | transfer
pagsasagawa | implementation
panalo | win
samakatuwid | therefore
sapatos | shoes
takbo | run
tanggap | accepted
unting | little
uwi | go home
alaga | pet
apo | grandchild
arte | art
binanggit | mentioned
elemento | element
halik | kiss
kaisipan | thought
kamakailan | recently
kapanganakan | birth
kausap | talking with
kinatawan | representative
makukuha | will get
mamamatay | will die
matulog | sleep
natutunan | learned
negatibong | negative
negatibo | negative
pamumuno | leadership
pinto | door
piraso | piece
prinsipyo | principle
propeta | prophet
tipo | type
alaala | memory
asin | salt
binibigyan | giving
boto | vote
dumaan | pass by
gayunman | however
ipinadala | sent
kabayo | horse
kaligtasan | safety
kampo | camp
kapitan | captain
kauna-unahang | very first
koponan | team
mabigat | heavy
magsasaka | farmer
makasama | be with
naiintindihan | understand
natutulog | sleeping
pagkilos | action
pamagat | title
pamamaga | swelling
panoorin | watch
pasyente | patient
positibong | positive
positibo | positive
sanay | used to
siyam | nine
buntis | pregnant
dilaw | yellow
doktor | doctor
gabay | guide
gagamitin | will use
isama | include
kalakalan | trade
kandidato | candidate
kanino | whose
kayamanan | wealth
labing | -
makapangyarihang | powerful
makapangyarihan | powerful
maramdaman | feel
mensahe | message
nabuo | formed
nagmamahal | loving
naiwan | left behind
nakalipas | past
nakatuon | focused
natutuwa | glad
paborito | favorite
pagpapakita | showing
pangangalaga | care
piso | peso
residente | resident
tawa | laugh
tumagal | lasted
ahas | snake
ahensiya | agency
ahensya | agency
biro | joke
hinihintay | waiting for
inumin | drink
isinagawa | conducted
kaaway | enemy
kaligayahan | happiness
masa | masses
ministro | minister
nagsasabing | saying
naiisip | thinking of
ninuno | ancestor
pagbubukas | opening
presidente | president
sagutin | answer
saklaw | scope
salamin | glass
salapi | money
sektor | sector
simulan | start
tirahan | residence
tumatakbo | running
bakasyon | vacation
binuo | formed
bumubuo | forming
daloy | flow
droga | drugs
dula | play
iwas | avoid
kalimutan | forget
kanan | right
kanang | right
kompyuter | computer
kontrol | control
kuha | take
lider | leader
magbibigay | will give
makamit | achieve
makilala | meet
mananaliksik | researcher
nagagawa | can do
negosyante | businessman
pagpapahayag | expression
pulisya | police
pulong | meeting
seguridad | security
tinatanggap | accepting
alamat | legend
baha | flood
buwis | tax
dalhin | bring
hilagang | northern
hilaga | north
hitsura | appearance
itsura | appearance
ibinibigay | giving
ingay | noise
insidente | incident
kagabi | last night
kahabaan | length
karangalan | honor
lagay | condition
mahihirap | poor
makakuha | get
matanggap | receive
pagbabasa | reading
pagkabuhay | resurrection
pagsisikap | effort
pakialam | care
pangit | ugly
payo | advice
pondo | fund
porsiyento | percent
porsyento | percent
sahod | salary
sigaw | shout
sinagot | answered
sunog | fire
tinapay | bread
ugnay | link
aplikasyon | application
dayuhan | foreigner
dayuhang | foreign
detalye | detail
hininga | breath
inihayag | announced
inilunsad | launched
istraktura | structure
itigil | stop
kaliwa | left
kaliwang | left
kalsada | road
kinakain | eating
liham | letter
magbasa | read
munang | first
nagdala | brought
nahulog | fell
nakatingin | looking
naranasan | experienced
nasaktan | hurt
nasira | broken
natuklasan | discovered
noo | forehead
pagkakaisa | unity
paglalaro | playing
pakinggan | listen
paliwanag | explanation
patungkol | regarding
republika | republic
saglit | moment
sangkatauhan | humanity
tawagin | call
teorya | theory
tren | train
tumatanggap | receiving
turista | tourist
ubo | cough
umiiyak | crying
angkan | clan
asukal | sugar
bahagya | slightly
bahagyang | partly
bakla | gay
binigay | given
bola | ball
buod | summary
eroplano | airplane
iiwan | will leave
ilagay | put
isinasagawa | being conducted
istasyon | station
istorya | story
iyak | cry
kakilala | acquaintance
kanluran | west
lumago | grew
mainam | good
maniwala | believe
matalino | smart
nagpunta | went
pisngi | cheek
prinsesa | princess
radyo | radio
sundin | follow
tawagan | call
tinatayang | estimated
abogado | lawyer
bigas | rice
biyernes | friday
bumangon | get up
ginagawang | being made
internasyonal | international
kalahok | participant
kumakatawan | representing
kumalat | spread
makalipas | after
nabuhay | lived
nagmumula | coming from
nahuli | caught
nakatanggap | received
nanggaling | came from
napanood | watched
nobela | novel
pagkasira | damage
panalangin | prayer
pandaigdigang | global
papuntang | going to
presyon | pressure
pumili | choose
respeto | respect
titik | letter
banyo | bathroom
doktrina | doctrine
hita | thigh
kontra | against
lawa | lake
magamit | use
magdala | bring
makapasok | get in
nagtatapos | ending
nanonood | watching
pagsamba | worship
pagsusulat | writing
pakinabang | benefit
pananalita | speech
pangkaraniwang | ordinary
panukala | proposal
panukalang | proposed
piliin | choose
sari-sari | assorted
seryoso | serious
sinuman | anyone
sinumang | anyone
talaan | record
tatak | brand
tenga | ear
tainga | ear
tumatagal | lasts
akit | attract
binili | bought
eksakto | exact
eksaktong | exact
estilo | style
itago | hide
kambal | twin
katarungan | justice
komisyon | commission
nagsalita | spoke
nakakaalam | knows
nakakuha | got
nakikinig | listening
nanatili | stayed
napili | chosen
ngalan | name
pagbagsak | fall
pagkakakilanlan | identity
paglilingkod | service
pamayanan | community
puntos | points
sinabihan | told
sinundan | followed
tala | note
talata | paragraph
tradisyon | tradition
armas | weapon
bigay | give
heneral | general
karunungan | wisdom
ligtas | safe
magsisimula | will start
magtanong | ask
makina | machine
matibay | durable
naglalakad | walking
nagtataglay | possesses
nahihirapan | having difficulty
organismo | organism
pagkaraan | after
palasyo | palace
puwersa | force
reklamo | complaint
sira | broken
sugat | wound
tagahanga | fan
umiyak | cried
aabot | will reach
atensyon | attention
basura | garbage
dako | direction
gubat | forest
gulat | surprise
kaarawan | birthday
kaguluhan | chaos
kasinungalingan | lie
katabi | next to
klima | climate
kopya | copy
lasa | taste
lumaban | fight
magkaibigan | friends
makabuluhang | meaningful
makabuluhan | meaningful
makagawa | make
maputi | fair
masabi | say
matigas | hard
matukoy | identify
nagtanong | asked
nagtatanong | asking
padre | father
posibilidad | possibility
pumatay | kill
pundamental | fundamental
siyudad | city
tapusin | finish
tinanggal | removed
todo | all-out
tuktok | top
aaralan | will study
aksidente | accident
buhat | since
disiplina | discipline
gumagalaw | moving
inalis | removed
interesado | interested
karagatan | ocean
karera | career
kaugalian | custom
koleksyon | collection
lagyan | put
leeg | neck
makitang | see
matakot | be afraid
matapang | brave
munting | little
nagtagal | lasted
nakalagay | placed
nananatiling | remaining
nananatili | remains
natitira | remaining
natitirang | remaining
natuwa | pleased
paglabag | violation
pagtatanghal | performance
pumayag | agree
suportahan | support
aalala | worry
alay | offering
asul | blue
demonyo | devil
distrito | district
empleyado | employee
espanya | spain
kagustuhan | preference
kalakal | goods
kalooban | will
kasintahan | partner
kriminal | criminal
krisis | crisis
kusina | kitchen
madilim | dark
mamimili | buyer
misyon | mission
nakalimutan | forgot
nakasalalay | depends on
nakasama | was with
napakalaking | huge
pagpapatupad | implementation
pagsasalin | translation
pagsasalita | speaking
pansamantalang | temporary
pansamantala | temporary
pook | place
salaysay | narrative
saligang batas | constitution
takip | cover
babala | warning
bilyon | billion
bilyong | billion
dila | tongue
emosyon | emotion
ginagampanan | plays
idinagdag | added
kadahilanan | reason
kainin | eat
kapansin-pansin | noticeable
karahasan | violence
katayuan | status
lansangan | street
libingan | grave
ligaw | lost
magka | -
nagising | woke up
naiiba | different
nakikipag | -
nakukuha | getting
napatay | killed
nayon | village
pagpupulong | meeting
pagtingin | view
pagtulog | sleep
patungong | heading to
pilak | silver
sanaysay | essay
sinulat | wrote
sumuko | surrender
tanga | stupid
tigas | hardness
tubo | profit
tulay | bridge
tumutulong | helping
uso | trend
administrasyon | administration
alinman | any
bangka | boat
baril | gun
dumalo | attend
gising | awake
itinuro | taught
iwanan | leave
kaklase | classmate
kinilala | recognized
kumulang | approximately
humigit-kumulang | approximately
lungkot | sadness
mabagal | slow
maghintay | wait
magkabilang | both
magkapatid | siblings
mapanatili | maintain
pagbaba | decrease
palad | palm
panayam | interview
praktikal | practical
ruta | route
saksi | witness
sandata | weapon
simbolo | symbol
sumusuporta | supporting
tanawin | view
trapiko | traffic
tumakas | escape
alok | offer
bala | bullet
balikan | go back to
basag | broken
benta | sales
bisita | visitor
dadalhin | will bring
espasyo | space
gumaganap | playing
hilaga | north
himala | miracle
hustisya | justice
institusyon | institution
kalihim | secretary
kemikal | chemical
lalim | depth
likido | liquid
lumapit | approach
magbabago | will change
magsimula | start
makapal | thick
mataba | fat
nagdadala | bringing
nakikilala | recognizes
napunta | ended up
ngumiti | smiled
paanong | how
palibot | around
planeta | planet
tanyag | famous
tuwang | happy
binigyang | given
dalang | brought
gawi | habit
hawakan | hold
hilig | interest
hiling | request
impluwensya | influence
impluwensiya | influence
imposible | impossible
kahilingan | request
kamalayan | awareness
katauhan | persona
katulong | helper
kontribusyon | contribution
kuko | nail
litrato | photo
magbago | change
makausap | talk to
malambot | soft
malinis | clean
nakarating | arrived
nangungunang | leading
paalala | reminder
pababa | downward
pagsunod | compliance
paki | please
pasa | pass
patunayan | prove
pumasa | pass
pundasyon | foundation
reaksyon | reaction
reaksiyon | reaction
sangay | branch
sinag | ray
sinehan | cinema
termino | term
alkalde | mayor
balikat | shoulder
bangkay | corpse
banta | threat
bilhin | buy
gumagana | working
halo | mix
hanap | search
itanong | ask
itinuturo | teaching
kalagitnaan | middle
kasuotan | clothing
katuruan | teaching
kawal | soldier
lunas | cure
magkakapatid | siblings
makakasama | will be with
manood | watch
marka | mark
nakakatakot | scary
nakakatuwa | amusing
pagbigkas | pronunciation
pagpapaunlad | development
pamangkin | nephew/niece
pamilihan | market
probinsya | province
probinsiya | province
puntahan | go to
sekswal | sexual
singaw | steam
teknikal | technical
agrikultura | agriculture
ahente | agent
ambag | contribution
atleta | athlete
bagkus | rather
buksan | open
gobernador | governor
imbestigasyon | investigation
itinaas | raised
itinakda | set
kaayusan | order
kagawaran | department
kumikilos | acting
lindol | earthquake
malawakang | widespread
nagpahayag | stated
nagpasya | decided
nakamit | achieved
nakapaloob | included
nakaranas | experienced
namumuno | leading
natakot | afraid
paghinga | breathing
pasilidad | facility
pasukan | entrance
prinsipe | prince
salin | translation
talento | talent
tanggalin | remove
tuhod | knee
tumataas | rising
abo | ash
alon | wave
amo | boss
bantay | guard
binti | leg
dalaga | young woman
ilabas | bring out
interpretasyon | interpretation
kanin | rice
kapalaran | fate
karapat-dapat | deserving
katas | juice
kategorya | category
magsagawa | conduct
maituturing | considered
makatulong | help
mapapansin | will notice
nagkamali | made a mistake
naglalayong | aiming
nagpapahiwatig | indicates
nagsisilbing | serving as
nagtapos | graduated
nasasaktan | hurting
pagbalik | return
rason | reason
responsibilidad | responsibility
saang | which
sabaw | soup
sinubukan | tried
sulok | corner
teritoryo | territory
transaksyon | transaction
tupa | sheep
bukid | farm
hinirang | appointed
hukuman | court
hula | prediction
pamamagitan | means
sa pamamagitan ng | by means of
noong | in
nasa | in
alam | know
alam mo ba | do you know
iba't | various
kaso | but
tuloy | so
pong | -
isa't isa | each other
alang | for
paggamot | treatment
teleserye | tv series
pinas | philippines
teksto | text
kasong | case
daming | many
sala | living room
unahang | front
gulo | trouble
karamdaman | illness
kinabibilangan | belongs to
kinikilala | recognized
komposisyon | composition
lupon | committee
mesa | table
nabigyan | was given
nagdudulot | causes
pawis | sweat
protina | protein
pulo | island
pumayat | lost weight
aksyon | action
alinsunod | in accordance
alinsunod sa | in accordance with
paunang | initial
'tong | this
tsino | chinese
ihi | urine
hanggan | until
laking | big
unawa | understanding
halong | mixed
sabihing | say
saging | banana
pito | seven
walo | eight
sampu | ten
isang daan | one hundred
sandaan | one hundred
edi | then
e di | then
kahit papaano | somehow
walang kwenta | useless
walang kuwenta | useless
may kwenta | useful
lugi | loss
malulugi | will lose money
puhunan | capital
kliyente | client
kostumer | customer
kawani | staff
tagapamahala | manager
namamahala | managing
badyet | budget
buwanang | monthly
buwan-buwan | monthly
taunang | yearly
taon-taon | yearly
araw-araw | daily
linggo-linggo | weekly
lingguhan | weekly
arawang | daily
pinakamainam | best
epektibo | effective
epektibong | effective
tumpak | accurate
katumpakan | accuracy
kawastuhan | correctness
wasto | correct
tuntunin | rule
alituntunin | guideline
palagian | regular
bihira | rarely
bihirang | rare
pabago-bago | changing
paiba-iba | varying
napapanahon | up to date
lipas | outdated
lipas na | outdated
eksperto | expert
dalubhasa | expert
katanungan | question
segundo | second
gastusin | expenses
kikitain | will earn
kabuuang halaga | total cost
halaga ng | cost of
presyo ng | price of
mas mainam | better
mas okay | better
mas sulit | more worth it
mas tipid | cheaper
matipid | economical
tipid | savings
mas maganda ba | is it better
mas mabuti ba | is it better
kakayahan | ability
madalas ba | is it often
kalidad | quality
sagot ba | answer
paliwanag | explanation
dagdag na | additional
karagdagang | additional
sinanay | trained
sanayin | train
kaalaman | knowledge
'yan | that
tama lang | just right
sapat na | enough
sapat ba | is it enough
pagpapanatili | maintenance
panatilihin | maintain
pinapanatili | maintaining
pinanatili | maintained
imbakan | storage
pag-iimbak | storing
sugnay | clause
kargamento | shipment
benepisyo | benefits
katalogo | catalogue
pag-uuri | categorisation
uriin | classify
inuri | classified
biyahe | trip
tiket | ticket
pasyente | patient
balangkas | framework
pamamaraan | method
"""

# ---------------------------------------------------------------------------
# 5. Verb roots, expanded into typed aspect forms by expand_verbs() below.
#    root | base, past, -ing | affix classes | optional stem overrides
#    Affix classes:  um   -um- actor focus     (gumawa, gumagawa, gagawa)
#                    mag  mag-/nag- actor focus (magbayad, nagbayad, nagbabayad)
#                    in   -in/-hin object focus (gawin, ginawa, ginagawa, gagawin)
#                    an   -an/-han locative    (bayaran, binayaran, binabayaran)
#                    i    i- conveyance focus  (ibigay, ibinigay, ibinibigay)
#                    ma   ma-/na- abilitative   (matuto, natuto, natututo)
#                    maka maka-/naka- ability   (makagawa, nakagawa, nakakagawa)
#                    pag  pag- verbal noun      (paggamit -> using)
#    Overrides: in=STEM / an=STEM replace the regular suffixed stem
#    (e.g. kuha: in=kunin).  Completed aspect -> English past, progressive
#    (incompleted) -> -ing, infinitive and contemplated -> base form.
#    Affixed English verbs (mag-fine-tune, i-update) are handled elsewhere.
# ---------------------------------------------------------------------------
VERBS = """
gawa | do, did, doing | um in maka pag | in=gawin
gamit | use, used, using | um in ma maka pag
bayad | pay, paid, paying | mag an ma pag | an=bayaran
gastos | spend, spent, spending | mag an pag | an=gastusan
tipid | save, saved, saving | mag ma maka pag
sabi | say, said, saying | in ma | in=sabihin
alam | know, knew, knowing | in pag | in=alamin
tanong | ask, asked, asking | mag in i pag | in=tanungin
sagot | answer, answered, answering | um in pag | in=sagutin
tulong | help, helped, helping | um an maka pag | an=tulungan
bago | change, changed, changing | mag in ma pag | in=baguhin
palit | replace, replaced, replacing | mag an pag | an=palitan
dagdag | add, added, adding | mag an i pag
bawas | reduce, reduced, reducing | mag an ma pag
turo | teach, taught, teaching | mag i pag
aral | study, studied, studying | mag in pag
subok | try, tried, trying | mag an pag | an=subukan
pili | choose, chose, choosing | pum in ma pag | in=piliin
kuha | get, got, getting | um in ma maka pag | in=kunin
bigay | give, gave, giving | mag i pag
basa | read, read, reading | mag in ma pag
sulat | write, wrote, writing | um i pag
hanap | find, found, looking for | mag in ma maka pag
ayos | fix, fixed, fixing | mag in ma pag | in=ayusin
sira | break, broke, breaking | in ma pag | in=sirain
tapos | finish, finished, finishing | mag in ma pag | in=tapusin
simula | start, started, starting | mag an pag | an=simulan
kita | earn, earned, earning | um
nood | watch, watched, watching | mang pag
tuto | learn, learned, learning | ma
intindi | understand, understood, understanding | in
unawa | understand, understood, understanding | in | in=unawain
isip | think, thought, thinking | mag in ma pag
pasya | decide, decided, deciding | mag pag
plano | plan, planned, planning | mag in pag | in=planuhin
handa | prepare, prepared, preparing | mag i pag
lagay | put, put, putting | mag i pag
alis | leave, left, leaving | um pag
alis2 | remove, removed, removing | in
balik | return, returned, returning | bum i pag
bukas | open, opened, opening | mag an pag | an=buksan
sara | close, closed, closing | mag an pag | an=sarhan
dala | bring, brought, bringing | mag in pag | in=dalhin
kain | eat, ate, eating | um in pag
inom | drink, drank, drinking | um in pag | in=inumin
tawag | call, called, calling | um an in pag
usap | talk, talked, talking | mag pag
kausap | talk to, talked to, talking to | in
hintay | wait, waited, waiting | mag in pag
takbo | run, ran, running | um pag
lakad | walk, walked, walking | mag pag
punta | go, went, going | pum pag
pasok | enter, entered, entering | pum i pag
labas | go out, went out, going out | lum pag
labas2 | bring out, brought out, bringing out | i
uwi | go home, went home, going home | um pag
uwi2 | bring home, brought home, bringing home | i
dating | arrive, arrived, arriving | dum pag
hingi | ask for, asked for, asking for | um in pag | in=hingin
bili | buy, bought, buying | bum in ma pag | in=bilhin
benta | sell, sold, selling | mag i pag
hiram | borrow, borrowed, borrowing | um in pag
tanggap | accept, accepted, accepting | tum in ma pag
tanggal | remove, removed, removing | mag in ma pag
suri | review, reviewed, reviewing | mag in pag | in=suriin
tingin | look, looked, looking | tum an pag | an=tingnan
kita2 | see, saw, seeing | ma maka
dinig | hear, heard, hearing | ma maka pag
rinig | hear, heard, hearing | ma maka
hula | guess, guessed, guessing | mag an pag | an=hulaan
sukat | measure, measured, measuring | mag in pag
bilang | count, counted, counting | mag in pag
hati | split, split, splitting | mag in pag | in=hatiin
sama | join, joined, joining | sum i pag
kumpara | compare, compared, comparing | mag i pag | in=ikumpara
bantay | monitor, monitored, monitoring | mag an pag
suporta | support, supported, supporting | mag an | an=suportahan
ulit | repeat, repeated, repeating | um in pag
linis | clean, cleaned, cleaning | mag in pag
luto | cook, cooked, cooking | mag in pag | in=lutuin
laro | play, played, playing | mag lum pag
trabaho | work, worked, working | mag pag
tira | stay, stayed, staying | tum ma pag
buhay | live, lived, living | ma
hawak | hold, held, holding | um mag an pag
takot | fear, feared, fearing | ma
kilala | know, knew, knowing | ma maka pag
tawa | laugh, laughed, laughing | tum pag
iyak | cry, cried, crying | um pag
gising | wake up, woke up, waking up | gum pag
tulog | sleep, slept, sleeping | ma pag
upo | sit, sat, sitting | um pag
tayo | build, built, building | mag i pag
buo | build, built, building | bum in pag | in=buuin
likha | create, created, creating | lum pag
takda | set, set, setting | mag i pag
hiling | request, requested, requesting | um in pag
alok | offer, offered, offering | mag i pag
sunod | follow, followed, following | sum in pag | in=sundin
iwas | avoid, avoided, avoiding | um an pag
iwan | leave, left, leaving | an | an=iwan
lipat | move, moved, moving | lum i pag
dami | increase, increased, increasing | dum pag
baba | go down, went down, going down | bum pag
baba2 | lower, lowered, lowering | i
taas | rise, rose, rising | tum pag
taas2 | raise, raised, raising | i
laki | grow, grew, growing | lum pag
gaan | lighten, lightened, lightening | gum pag
bilis | speed up, sped up, speeding up | bum pag
bagal | slow down, slowed down, slowing down | bum pag
tagal | last, lasted, lasting | tum pag
hirap | struggle, struggled, struggling | pag
dali | hurry, hurried, hurrying | mag pag
gana | work, worked, working | gum
kamali | make a mistake, made a mistake, making a mistake | mag
tama | hit, hit, hitting | tum
pansin | notice, noticed, noticing | ma pag | in=pansinin
sabi2 | tell, told, telling | mag an
kwento | tell, told, telling | mag i pag
paliwanag | explain, explained, explaining | mag i pag
lutas | solve, solved, solving | um ma pag
bukod | separate, separated, separating | mag i pag
hiwalay | separate, separated, separating | mag i pag
dugtong | connect, connected, connecting | mag i pag
kabit | attach, attached, attaching | mag i pag
ugnay | connect, connected, connecting | mag i pag
sanay | train, trained, training | mag in ma pag
asa | rely, relied, relying | um pag
tiwala | trust, trusted, trusting | mag pag
bigo | fail, failed, failing | ma pag
talo | lose, lost, losing | ma
pakita | show, showed, showing | mag i pag
kopya | copy, copied, copying | mag in pag
tago | hide, hid, hiding | mag i pag
bura | erase, erased, erasing | mag in pag
patay | kill, killed, killing | pum in ma pag
pigil | stop, stopped, stopping | pum in ma pag
tigil | stop, stopped, stopping | tum i pag
patuloy | continue, continued, continuing | mag i pag
buod | summarize, summarized, summarizing | mag pag
salin | translate, translated, translating | mag i pag
sulit | pay off, paid off, paying off | ma
lago | grow, grew, growing | lum pag
unlad | progress, progressed, progressing | um pag
ipon | save, saved, saving | mag in pag | in=ipunin
utang | borrow, borrowed, borrowing | um in pag
upa | rent, rented, renting | um an pag
kuwenta | compute, computed, computing | mag in pag
kalkula | calculate, calculated, calculating | mag in pag
ganap | happen, happened, happening | ma
yari | happen, happened, happening | mang
resulta | result, resulted, resulting | mag
lapit | approach, approached, approaching | lum pag
layo | move away, moved away, moving away | lum pag
habol | chase, chased, chasing | hum in pag | in=habulin
hatid | deliver, delivered, delivering | mag i pag
padala | send, sent, sending | mag i pag
tanim | plant, planted, planting | mag i pag
sigaw | shout, shouted, shouting | sum pag
ngiti | smile, smiled, smiling | ngum pag
sayaw | dance, danced, dancing | sum pag
kanta | sing, sang, singing | kum pag
limot | forget, forgot, forgetting | ma pag
alala | remember, remembered, remembering | ma
tanda | remember, remembered, remembering | an | an=tandaan
tuklas | discover, discovered, discovering | pag
ipit | squeeze, squeezed, squeezing | ma
saliksik | research, researched, researching | mag pag
buhos | pour, poured, pouring | mag i pag
sali | join, joined, joining | sum i pag
dalo | attend, attended, attending | dum pag
abot | reach, reached, reaching | um ma maka pag
tupad | fulfill, fulfilled, fulfilling | ma tum in pag | in=tuparin
pirma | sign, signed, signing | pum mag an pag | an=pirmahan
pasa | submit, submitted, submitting | mag i
pasa2 | pass, passed, passing | pum
tala | record, recorded, recording | mag i pag
subaybay | monitor, monitored, monitoring | mag an pag | an=subaybayan
patakbo | run, ran, running | mag in pag | in=patakbuhin
linaw | clarify, clarified, clarifying | in ma pag
ulat | report, reported, reporting | mag i pag
tugon | respond, responded, responding | tum pag
lampas | exceed, exceeded, exceeding | lum ma pag
tanggi | refuse, refused, refusing | tum pag
payag | agree, agreed, agreeing | pum pag
gaya | copy, copied, copying | gum in pag | in=gayahin
kulang | lack, lacked, lacking | mag pag
sobra | exceed, exceeded, exceeding | sum pag
tugma | match, matched, matching | tum mag pag
tiyak | make sure, made sure, making sure | in | in=tiyakin
alaga | take care of, took care of, taking care of | mag an pag | an=alagaan
ingat | be careful, was careful, being careful | mag pag
sikap | strive, strove, striving | mag pag
tuon | focus, focused, focusing | mag i pag
batay | base, based, basing | i
kumbinsi | convince, convinced, convincing | in ma | in=kumbinsihin
dating2 | reach, reached, reaching | ma maka
ayon | agree, agreed, agreeing | um
tuloy | proceed, proceeded, proceeding | tum mag i pag
sundo | pick up, picked up, picking up | mag in | in=sunduin
pagod | tire, tired, tiring | ma
buti | improve, improved, improving | bum pag
lala | worsen, worsened, worsening | lum pag
ganda | improve, improved, improving | gum pag
dami2 | multiply, multiplied, multiplying | mag in pag | in=damihan
hula2 | predict, predicted, predicting | mag pag
"""

# ---------------------------------------------------------------------------
# 6. Irregular or hard-to-generate verb forms, listed explicitly
# ---------------------------------------------------------------------------
VERB_EXTRA = """
kinalabasan | outcome
pag-asa | hope
pagasa | hope
magastos | costly
pagtatalo | argument
nagtatalo | arguing
manalo | win
nanalo | won
nananalo | winning
mananalo | will win
pinaplano | planning
pinagplanuhan | planned
siguraduhin | make sure
sinigurado | made sure
sinisigurado | making sure
masiguro | ensure
tiyakin | make sure
sang-ayon | agree
sumang-ayon | agreed
sumasang-ayon | agree
kalalabasan | outcome
resulta nito | its result
nangyari | happened
mangyayari | will happen
nangyayari | happening
mangyari | happen
panoorin | watch
pinanood | watched
pinapanood | watching
papanoorin | watch
malaman | know
nalaman | found out
nalalaman | knowing
maintindihan | understand
naintindihan | understood
naiintindihan | understand
maunawaan | understand
naunawaan | understood
nauunawaan | understand
magustuhan | like
nagustuhan | liked
nagugustuhan | liking
gustuhin | want
maiwasan | avoid
naiwasan | avoided
naiiwasan | avoiding
mahirapan | struggle
nahirapan | struggled
nahihirapan | struggling
kalimutan | forget
kinalimutan | forgot
nakalimutan | forgot
makalimutan | forget
alalahanin | remember
inalala | remembered
matuklasan | discover
natuklasan | discovered
natutuklasan | discovering
matutunan | learn
natutunan | learned
natututunan | learning
natutuhan | learned
matutuhan | learn
natuto | learned
natututo | learning
matututo | learn
magkano ang | how much is
magkakahalaga | will cost
nagkakahalaga | costs
nagkahalaga | cost
nagkaroon | had
nagkakaroon | having
magkakaroon | will have
magkaroon | have
makatipid | save
nakatipid | saved
nakakatipid | saving
natipid | saved
matitipid | will save
matipid | economical
tipirin | save on
tinipid | saved on
gumastos | spend
gumagastos | spending
gumastos ng | spend
ginastos | spent
ginagastos | spending
gagastusin | will spend
gastusin | spend
sinabi | said
sinasabi | saying
sasabihin | will say
sinabihan | told
ipaliwanag | explain
ipinaliwanag | explained
ipinapaliwanag | explaining
sinubukan | tried
sinusubukan | trying
susubukan | will try
subukan | try
subukin | try
sinubok | tried
pinili | chose
pinipili | choosing
pipiliin | will choose
tinuruan | taught
tinuturuan | teaching
turuan | teach
natapos | finished
natatapos | finishing
matatapos | will finish
matapos | after
pagkatapos | after
kapag natapos | once finished
ginagawa | doing
gagawin | will do
ginawa | did
nagawa | done
magagawa | can do
nakakagawa | able to make
nakagawa | made
makagawa | make
ginamit | used
ginagamit | used
gagamitin | will use
gamitin | use
magagamit | usable
nagamit | used
nagagamit | used
kumita | earned
kumikita | earning
kikita | will earn
kinita | earned
makita | see
nakita | saw
nakikita | seeing
makikita | will see
makakita | see
nakakita | saw
ipakita | show
ipinakita | showed
ipinapakita | showing
sumagot | answer
sumasagot | answering
sinagot | answered
sinasagot | answering
sasagutin | will answer
sagutin | answer
itanong | ask
itinanong | asked
nagtanong | asked
nagtatanong | asking
magtanong | ask
tanungin | ask
tinanong | asked
tinatanong | asking
magtatanong | will ask
tumulong | help
tumutulong | helping
tutulong | will help
tinulungan | helped
tinutulungan | helping
tutulungan | will help
tulungan | help
makatulong | help
nakatulong | helped
nakakatulong | helps
makakatulong | will help
nakakatulong ba | does it help
makakatulong ba | will it help
magbago | change
nagbago | changed
nagbabago | changing
magbabago | will change
baguhin | change
binago | changed
binabago | changing
babaguhin | will change
pagbabago | change
palitan | replace
pinalitan | replaced
pinapalitan | replacing
papalitan | will replace
magpalit | switch
nagpalit | switched
lumipat | move
lumilipat | moving
lilipat | will move
ilipat | move
inilipat | moved
paglipat | migration
"""

def parse_pairs(text):
    """'tagalog | english' lines -> list of (key, english)."""
    rows = []
    for line in text.strip().splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        key, eng = (part.strip() for part in line.split("|", 1))
        rows.append((key.lower(), eng))
    return rows


VOWELS = "aeiou"


def cv(root):
    """Reduplicated syllable: the root up to and including its first vowel."""
    for i, ch in enumerate(root):
        if ch in VOWELS:
            return root[: i + 1]
    return root[:2]


def infix(root, aff):
    """Insert -um- or -in- after the first consonant (prefix if vowel-initial)."""
    if root[0] in VOWELS:
        return aff + root
    if root.startswith("ng"):
        return "ng" + aff + root[2:]
    if aff == "in" and root[0] in "ly":
        return "ni" + root
    return root[0] + aff + root[1:]


def suffix(root, suf):
    """Regular -in/-an: -hin/-han after a final vowel."""
    return root + ("h" + suf if root[-1] in VOWELS else suf)


def prefixed(pre, stem):
    """mag+aral -> both mag-aral and magaral (hyphen is often dropped)."""
    if stem[0] in VOWELS:
        return [pre + "-" + stem, pre + stem]
    return [pre + stem]


def expand_verbs(text):
    rows = []
    for line in text.strip().splitlines():
        parts = [p.strip() for p in line.split("|")]
        root = re.sub(r"\d", "", parts[0])
        base, past, ing = (w.strip() for w in parts[1].split(","))
        classes = parts[2].split() if len(parts) > 2 else []
        over = dict(o.split("=") for o in parts[3].split()) if len(parts) > 3 else {}
        r, c = root, cv(root)
        out = []  # (form, english)
        for cls in classes:
            if cls.endswith("um"):  # um, and shorthand like bum/lum/pum
                out += [(infix(r, "um"), base), (infix(c + r, "um"), ing), (c + r, base)]
            elif cls == "mag":
                out += [(f, base) for f in prefixed("mag", r)]
                out += [(f, past) for f in prefixed("nag", r)]
                out += [(f, ing) for f in prefixed("nag", c + r)]
                out += [(f, base) for f in prefixed("mag", c + r)]
            elif cls == "mang":
                pre = "ma" if r[0] == "n" else "mang"
                out += [(pre + r, base), ("n" + pre[1:] + r, past),
                        ("n" + pre[1:] + c + r, ing), (pre + c + r, base)]
            elif cls == "in":
                stem = over.get("in", suffix(r, "in"))
                out += [(stem, base), (infix(r, "in"), past), (infix(c + r, "in"), ing)]
                if stem.startswith(r[:2]):
                    out.append((c + stem, base))
            elif cls == "an":
                stem = over.get("an", suffix(r, "an"))
                out += [(stem, base), (infix(stem, "in"), past),
                        (infix(c + stem, "in"), ing), (c + stem, base)]
            elif cls == "i":
                if r[0] in VOWELS + "hly":  # ilagay -> inilagay, ihanda -> inihanda
                    done, doing = "ini" + r, "ini" + c + r
                else:                       # ibigay -> ibinigay, ibinibigay
                    done, doing = "i" + infix(r, "in"), "i" + infix(c + r, "in")
                out += [("i" + r, base), (done, past), (doing, ing), ("i" + c + r, base)]
            elif cls == "ma":
                out += [(f, base) for f in prefixed("ma", r)]
                out += [(f, past) for f in prefixed("na", r)]
                out += [(f, ing) for f in prefixed("na", c + r)]
                out += [(f, base) for f in prefixed("ma", c + r)]
            elif cls == "maka":
                out += [("maka" + r, base), ("naka" + r, past),
                        ("nakaka" + r, ing), ("naka" + c + r, ing),
                        ("makaka" + r, base)]
            elif cls == "pag":
                out += [(f, ing) for f in prefixed("pag", r)]
                if "mag" in classes:
                    out += [(f, ing) for f in prefixed("pag", c + r)]
            else:
                raise ValueError("unknown affix class %r in %r" % (cls, line))
        rows += out
    return rows


SECTIONS = [
    ("question", parse_pairs(QUESTION)),
    ("particle", parse_pairs(PARTICLES)),
    ("function", parse_pairs(FUNCTION)),
    ("vocab", parse_pairs(VOCAB)),
    ("verb_irregular", parse_pairs(VERB_EXTRA)),
    ("verb_generated", expand_verbs(VERBS)),
]

HEADER = """\
# tagalog_glossary.tsv -- Tagalog -> English word glossary for reading Taglish questions.
# Built by build.py from hand-written tables of general Tagalog: question words and
# their typed variants, grammar particles, pronouns/conjunctions/modals, everyday words
# picked from wordfreq's "fil" top-3000 list (Tagalog Zipf >= English Zipf + 1.0), and
# ~150 common verb roots expanded into their aspect forms. Not derived from any question set.
# Format: tagalog<TAB>english; keys lowercase and unique, up to 5 words.
# English "-" = a particle that only marks grammar or tone: leave it out.
"""


def build():
    seen = {}
    counts = {}
    lines = []
    for name, rows in SECTIONS:
        counts[name] = 0
        for key, eng in rows:
            key = " ".join(key.lower().split())
            eng = " ".join(eng.split())
            assert "\t" not in key + eng and key and eng, (key, eng)
            assert len(key.split()) <= 5, key
            if key in seen:
                continue
            seen[key] = eng
            counts[name] += 1
            lines.append("%s\t%s\n" % (key, eng))
    here = os.path.dirname(os.path.abspath(__file__))
    path = os.path.join(here, "..", "..", "assistant", "tagalog_glossary.tsv")
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        f.write(HEADER)
        f.writelines(lines)
    return path, counts, len(lines)


if __name__ == "__main__":
    path, counts, n = build()
    print("wrote %s: %d entries" % (path, n))
    for name, k in counts.items():
        print("  %-15s %d" % (name, k))
