"""Which sentences of a page are about the prospect, and why (or why not).

A passage starts when a sentence names the person (full name, or the surname inside a passage
already about them) and continues through pronouns ("She said…", "Añadió que…") and quoted
speech until another named person becomes the subject or a few sentences go by without them.
On a page the person wrote, their first-person sentences are kept too, and their other claims
are candidates (not advice to the reader, not quotations) when the page is in their own voice.
Sentences about another named person, or spoken by someone else (named, or unnamed: "a former
employee said… She added…"), are dropped with the reason.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from prospect.extract.maintext import Block
from prospect.extract.names import HONORIFICS, PARTICLES, PersonMatcher, name_matches
from prospect.extract.sentences import split_sentences
from prospect.stopwords import stopwords
from prospect.text import fold as _fold_text

# the same few hundred words come back on every sentence of a page
fold = lru_cache(maxsize=16384)(_fold_text)

# on a page the person wrote, a sentence without "I" or "we" is still theirs, but only worth
# keeping when it states an aim or a worry: the classifier decides (see extract_page)
OWN_PAGE_CANDIDATE = "on their own page: theirs if it states a goal or a risk"
# on a page about the person, a sentence about the organisation they lead or speak for
# ("The vision of Ascom is…", "el gobierno de…") is theirs on the same terms
ORG_CANDIDATE = "about the organisation they speak for: theirs if it states a goal or a risk"
CANDIDATES = (OWN_PAGE_CANDIDATE, ORG_CANDIDATE)
FIRST_PERSON_REASON = "first-person on own page"
# first-person sentences that show a page is written in its author's voice (a post, an op-ed)
# and not a report under their byline: only then are its other claims candidates
OWN_VOICE = 1
# why a sentence is someone else's: a speaker named in it (the reason names them), and the
# sentences after that carry the same unnamed speaker's turn on
SOMEONE_SPEAKS = "someone else speaks: "
SPEAKER_GOES_ON = "who spoke last goes on"
NOT_THEIR_VOICE = "on their own page, but a report rather than their own voice"
LONG_HEAD = 10  # words of a topic phrase before ", consideró que…"
PASSAGE_SPAN = 4  # sentences a pronoun passage may run past the last explicit mention
SUBJECT_SPAN = 8  # the same on a page about the person
MAX_SENTENCE = 600
# a quotation kept whole ("Topic: “answer of several sentences…”") may run longer: the
# classifier reads its sentences one by one
MAX_QUOTED_SENTENCE = 1500
QUOTED_SHARE = 0.6

_TOKEN = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?\.?", re.UNICODE)
# a word with what precedes it (never a letter) and its full stop: (gap, word, dot). The word
# is optional so that the text after the last word is one last match, not a retry at every
# position (which would make a long run of digits and punctuation quadratic)
_GAP_WORD = re.compile(r"([\W\d_]*)((?:[^\W\d_]+(?:['’][^\W\d_]+)?)?)(\.?)", re.UNICODE)
_QUOTES = "«»“”\"„"
# third-person words that continue a passage (lower case, accents kept: "él" is not "el")
PRONOUNS = frozenset("he she him his her hers himself herself él ella".split())
SUBJECTS = PRONOUNS | {"su", "sus"}
# Spanish drops the subject: a sentence that opens with one of these verbs continues a passage
PRO_DROP = frozenset(
    "dijo dice explicó explica añadió añade afirmó afirma aseguró asegura señaló señala "
    "comentó comenta declaró indicó sostiene sostuvo advirtió agregó agrega subrayó destacó "
    "destaca recordó escribió escribe opina opinó considera cree lidera lideró dirige dirigió "
    "trabaja trabajó fundó es fue ha había lleva llevó tiene tuvo quiere busca buscaba "
    "espera esperaba planea prevé confía reconoce reconoció admite admitió insiste insistió "
    "también además consideró alertó alerta detalló detalla apuntó apunta matizó precisó "
    "manifestó expresó aseveró puntualizó concluyó remarcó enfatizó resaltó lamentó criticó "
    "defendió anunció anuncia adelantó aclaró valoró estimó pidió instó reiteró recalcó "
    "teme temía prometió promete propuso propone sentenció aduce adujo argumenta argumentó "
    "descarta descartó niega negó rechaza rechazó lamenta celebra celebró confiesa confesó "
    "calificó califica cuestionó cuestiona denunció denuncia relató relata narró mencionó "
    "menciona estima calcula calculó anticipa anticipó vaticina vaticinó pronosticó piensa "
    "pensaba prefiere prefirió pide propuso plantea planteó asume asumió acepta aceptó "
    "sabe sabía ve veía siente sintió pretende pretendía aspira aspiraba intenta intentó "
    "reclama reclamó exige exigió".split())
# words that may come before a subject-less verb without changing who speaks: "Pero aclaró
# que…", "No descarta…", "Y reconoció…", "Tampoco cree…"
_CONNECTORS = frozenset("but and then also so yet pero y e luego también tampoco además "
                        "no ni incluso aun aún así entonces".split())
SPEECH = frozenset(
    "said says say told tells wrote writes added adds explained explains noted notes stated "
    "states asked argued argues recalled insisted claimed continued according "
    "dijo dice explicó explica añadió añade afirmó afirma aseguró asegura señaló señala comentó "
    "comenta según declaró indicó indica sostuvo sostiene advirtió contó cuenta agregó agrega "
    "subrayó destacó destaca recordó escribió escribe opinó alertó detalló apuntó matizó "
    "precisó manifestó expresó aseveró puntualizó remarcó enfatizó resaltó reiteró recalcó "
    "aclaró insistió respondió replicó contestó apostilló zanjó sentenció concluyó lamentó "
    "reconoció admitió denunció relató informó informa comunicó considera consideró cree "
    "opina estima estimó lamenta lamentó advierte reconoce admite defendió defiende".split())
ROLE_CUES = frozenset(
    "ceo cto cfo coo cmo vp spokesman spokeswoman spokesperson director directora president "
    "presidente presidenta founder cofounder co-founder fundador fundadora meteorologist "
    "developer analyst analista colleague compañero compañera socio socia gerente manager "
    "jefe jefa ministro ministra minister portavoz economist economista professor profesor "
    "profesora engineer ingeniero ingeniera consultant consultor consultora partner "
    "secretary secretario secretaria governor gobernador gobernadora mayor alcalde "
    "alcaldesa senator senador senadora colega".split()) | HONORIFICS
# the words are compared folded ("advirtio", "compañera" -> "companera"): both forms
SPEECH = SPEECH | frozenset(_fold_text(w) for w in SPEECH)
ROLE_CUES = ROLE_CUES | frozenset(_fold_text(w) for w in ROLE_CUES)
ROLE_NOUNS = frozenset("executive directiva directivo ejecutiva ejecutivo empresaria empresario "
                       "businesswoman businessman entrepreneur emprendedora emprendedor "
                       "fundadora fundador".split())
FIRST_PERSON = frozenset("i i'm i've i'd i'll me my mine myself we we're we've we'd we'll us our "
                         "ours ourselves yo me mi mis mío mía conmigo nosotros nosotras nuestro "
                         "nuestra nuestros nuestras nos".split())
# the same words folded ("mio") and with either apostrophe, for a quick test on any word list
_FIRST_PERSON_FORMS = frozenset(f for w in FIRST_PERSON for v in (w, _fold_text(w))
                                for f in (v, v.replace("'", "’")))
# capitalised words that open sentences or name things, never a person's first name
STOP_CAPS = frozenset(fold(w) for w in stopwords("not_a_first_name"))


@lru_cache(maxsize=16384)
def _fold_word(word: str) -> str:
    """A word folded for comparison, without its possessive ("Dimon’s" -> "dimon")."""
    f = fold(word)
    return f[:-2] if f.endswith(("'s", "’s")) and len(f) > 3 else f


@dataclass
class Decision:
    text: str
    keep: bool
    reason: str


def attribute(paragraphs: Iterable[str | Block], person_name: str, own_page: bool = False,
              other_names: Iterable[str] = (), company: str | None = None,
              subject: bool = False) -> list[Decision]:
    """Every sentence of `paragraphs`, kept or dropped, with the reason.

    `own_page` allows first-person sentences (never inside a blockquote or quotation marks).
    `subject` says the page is about the person (its title, headline or lead names them):
    their surname and first name count anywhere, a passage runs until someone else becomes
    the subject, and in a Q&A the answers (not the questions) are theirs.
    """
    blocks = [p if isinstance(p, Block) else Block(p) for p in paragraphs]
    qa = _qa_answers(blocks)
    # on their own page, a blockquote nobody is credited with is their own pull quote
    pulled = {bi for bi, b in enumerate(blocks) if own_page and b.quoted
              and _uncredited(blocks, bi)}
    # in a Q&A the answers are the interviewee's: the person's only when the page is about
    # them, never the byline's (the interviewer's) first person
    answers = qa if subject and not own_page else {}
    span = SUBJECT_SPAN if subject else PASSAGE_SPAN
    matcher = PersonMatcher(person_name)
    company_key = " ".join(fold(w) for w in (company or "").split())
    others = [o for o in dict.fromkeys(other_names) if o and not name_matches(o, person_name)]
    other_keys = [(o, " ".join(fold(w.rstrip(".")) for w in _TOKEN.findall(o))) for o in others]
    other_surnames = {fold(w) for o in others for w in o.split()[1:] if len(w) > 2}
    out: list[Decision] = []
    about, since = False, 0
    named = False  # named in full already: from then on their surname alone is them
    last_other = False  # the previous sentence was about someone else
    roles: set[str] = set()  # what the page calls them ("el periodista", "the executive")
    gender = ""  # "f" or "m" once a pronoun opening a sentence about them tells
    # the organisation they speak for: their company, and what the page says they lead
    orgs = {w for w in company_key.split() if len(w) > 2 and w not in STOP_CAPS}
    last_object = False  # the previous sentence was someone else speaking of them
    last_theirs = False  # the previous sentence was kept as theirs
    last_speaker = ""  # the unnamed third party who spoke in the previous sentence
    aliases: set[str] = set()  # name words the page adds to theirs (a second surname)
    labels = [_speaker_label(b.text, matcher) for b in blocks]  # "Host: …", "Ana Ruiz: …"
    # another name as a label is a speaker only where it comes back (a transcript), not a
    # place opening one paragraph ("Buenos Aires: …")
    repeated = {lab for lab, n in Counter(labels).items() if lab and n > 1}
    for bi, block in enumerate(blocks):
        role = answers.get(bi)
        speaker = labels[bi]
        if speaker and speaker != THEM and speaker not in repeated and fold(
                speaker) not in _INTERVIEWERS:
            speaker = None
        for sentence in split_sentences(block.text):
            tokens, rest = _tokens(sentence)
            words = [w for _, w, _ in tokens]
            folded = [_fold_word(w) for w in words]
            mention = matcher.mention(folded, words, frozenset(
                k for k in range(1, len(tokens)) if tokens[k][0].strip(" .-'’")))
            kind = mention[0] if mention else None
            if mention and role != "answer" and (
                    _spoken_to(folded, mention[1])
                    or kind != "name" and _reported_by_other(folded, mention[1])
                    or kind != "name" and last_other and mention[1] > 0
                    and _continues(words, sentence) and not _speaks_at(folded, mention[1])
                    or last_other and _quoted_at(tokens, mention[1])):
                # someone else speaks to or of them: "he told Cook", "a spokesman said
                # Dimon…", after another speaker "He added that Dimon…" or "“Ana Ruiz has
                # built a great business,” he said"
                kind = "object"
            elif kind in ("given", "surname") and words[mention[1]].endswith(  # type: ignore[index]
                    ("'s", "’s")):
                kind = None  # "using Ivan’s insight", "Dimon’s critics": others speaking
            elif kind == "name" and _possessive_name(words, mention[1]):  # type: ignore[index]
                kind = "possessive"  # "Dana Whitfield's boss, Tom Reyes, said…"
            if kind == "name":  # "María José García Pérez": "Pérez" is theirs too
                aliases.update(_name_run(tokens, folded, mention[1]))  # type: ignore[index]
            other = _other_person(rest, tokens, folded, matcher, other_keys, other_surnames,
                                  company_key, aliases)
            if kind == "possessive":
                kind = "name" if not other else None
            # a person the sentence introduces by a title ("Salesforce founder Marc Benioff"):
            # their surname alone is them from now on, whoever the sentence is about
            other_surnames.update(_titled_surnames(tokens, folded, matcher, aliases))
            if kind in ("name", "surname", "given") and role != "answer" and not speaker:
                near_orgs = orgs | (_orgs_near(words, folded, mention[1])  # type: ignore[index]
                                    if kind == "name" else set())
                acting = _other_subject(tokens, folded, mention[1], matcher,  # type: ignore[index]
                                        company_key, aliases | near_orgs, other_surnames)
                if acting:  # "Tom Reyes said Dana Whitfield wants…", "Senator Ron Blake
                    # criticized Whitfield…", "“Whitfield is the best,” said Tom Reyes"
                    kind, other = None, acting
            if speaker == THEM:
                about, since = True, 0
                decision = Decision(sentence, True, "their words in a transcript")
            elif speaker:
                decision = Decision(sentence, False, f"{SOMEONE_SPEAKS}{speaker}")
            elif kind == "name":
                about, since, named = True, 0, True
                roles.update(_roles_near(folded, mention[1]))  # type: ignore[index]
                gender = gender or _role_gender(roles)
                orgs.update(_orgs_near(words, folded, mention[1]))  # type: ignore[index]
                decision = Decision(sentence, True, "name")
            elif kind in ("surname", "given") and not other and (
                    about or (subject or named and kind == "surname")
                    and folded[mention[1]] not in other_surnames):  # type: ignore[index]
                about, since = True, 0
                decision = Decision(sentence, True, "surname" if kind == "surname"
                                    else "first name")
            elif kind == "object":
                about, since = True, 0
                decision = Decision(sentence, False,
                                    "someone speaks to or about them, not their words")
            elif role == "question":
                about, since = subject, 0
                decision = Decision(sentence, False, "the interviewer's question")
            elif other and about and since < span and _reports_on(sentence, words, other):
                since += 1  # "La ministra recordó que el presidente Gabriel Boric…"
                decision = Decision(sentence, True, "their words about someone else")
            elif other:
                about = False
                other_surnames.update(w for w in (fold(x) for x in other.split()[1:])
                                      if len(w) > 2 and not _is_them(w, matcher))
                decision = Decision(sentence, False, f"about someone else: {other}")
            elif role == "answer":
                about, since = True, 0
                decision = Decision(sentence, True, "their answer in an interview")
            elif named and not about and _called(folded, roles):
                about, since = True, 0  # "Según el periodista, …" further down the page
                decision = Decision(sentence, True, "the role the page gave them")
            elif kind == "surname":
                decision = Decision(sentence, False,
                                    "surname only, outside a passage about the person")
            elif about and since < span and (_continues(words, sentence)
                                             or _called(folded, roles | _GENERIC_ROLES)) and (
                    last_theirs or not _weak_opening(words, sentence)):
                since += 1
                other_speaker = _other_speaker(folded, roles)
                if other_speaker:
                    decision = Decision(sentence, False,
                                        f"{SOMEONE_SPEAKS}{other_speaker}")
                elif last_speaker and not _called(folded, roles) and (
                        not _has_pronoun(words) or _speaker_goes_on(words, last_speaker)):
                    # "«…», afirmó el secretario general. «…», dijo.": that speaker goes on;
                    # so does "She added…" after "A former employee said…"
                    decision = Decision(sentence, False, SPEAKER_GOES_ON)
                elif last_object and words[0].lower() in PRONOUNS:
                    decision = Decision(sentence, False,
                                        "who spoke of them goes on (their pronoun)")
                elif gender and _other_gender(words, gender):
                    decision = Decision(sentence, False,
                                        "about someone else (a pronoun of another person)")
                else:
                    decision = Decision(sentence, True, "pronoun" if _has_pronoun(words)
                                        else "quote or speech continuing a passage about them")
                    gender = gender or _subject_gender(words)
            elif subject and not block.quoted and _COLON_QUOTE.search(sentence) and \
                    not _prefix_names_speaker(sentence):
                about, since = True, 0
                decision = Decision(sentence, True, "their quoted answer on a page about them")
            elif (own_page and (not block.quoted or bi in pulled) and bi not in qa
                  and _first_person(words, folded) and _first_person_outside_quotes(sentence)):
                decision = Decision(sentence, True, FIRST_PERSON_REASON)
            else:
                if about:
                    since += 1
                    about = since < span
                decision = Decision(sentence, False, "does not mention the person")
                unnamed = _other_speaker(folded, roles)
                if unnamed:  # "A former employee said…": who a pronoun next may be
                    decision = Decision(sentence, False, f"{SOMEONE_SPEAKS}{unnamed}")
                if (named and orgs and not block.quoted and not last_other
                        and any(w in orgs for w in folded)
                        and not any(f in SPEECH for f in folded)):
                    decision = Decision(sentence, True, ORG_CANDIDATE)
                elif (own_page and not block.quoted and bi not in qa
                        and not _quotes_someone(sentence)
                        and not _advice(sentence)
                        and not _reports_speech(words, folded)
                        and not sentence.rstrip().endswith(":")):
                    # their claims and warnings about the world, a "you" in them included;
                    # not advice to the reader ("Book your freight early"), nor what others
                    # said ("…, according to the agency", "“…,” she said")
                    decision = Decision(sentence, True, OWN_PAGE_CANDIDATE)
            last_theirs = decision.keep and decision.reason not in CANDIDATES
            last_other = decision.reason.startswith("about someone else")
            last_object = decision.reason.startswith("someone speaks to or about them")
            if decision.reason.startswith(SOMEONE_SPEAKS):
                last_speaker = decision.reason.removeprefix(SOMEONE_SPEAKS)
            elif decision.reason != SPEAKER_GOES_ON:
                last_speaker = ""
            if decision.keep and block.heading:
                decision = Decision(sentence, False, "a heading or headline, not a sentence")
            elif decision.keep and not own_page and role != "answer" and _headline_like(
                    sentence, block.text, words):
                decision = Decision(sentence, False,
                                    "a headline or link text (a paragraph with no full stop)")
            fragment = _fragment_reason(sentence, words) if decision.keep else None
            if fragment:
                decision = Decision(sentence, False, fragment)
            out.append(decision)
    if own_page and sum(d.reason == FIRST_PERSON_REASON for d in out) < OWN_VOICE:
        # a report under their byline, not a post in their own voice: its claims are the
        # story's, not their aims or worries
        out = [Decision(d.text, False, NOT_THEIR_VOICE) if d.reason == OWN_PAGE_CANDIDATE
               else d for d in out]
    return out


# "Topic of the question: “their answer…”" (press-conference write-ups)
_COLON_QUOTE = re.compile(r"^[^“”\"«»]{3,200}[:?]\s*[“\"«]")
# role nouns a page may call the person by, learned from the words around their full name
EXTRA_ROLES = frozenset(
    "periodista journalist reporter writer escritor escritora author autor autora nobel "
    "premio laureate entrenador entrenadora coach técnico tecnico estratega chairman "
    "chairwoman chief head jefe jefa diputado diputada legislador legisladora lawmaker "
    "official funcionario funcionaria vocero vocera portavoz empresario empresaria "
    "gerente ministra ministro presidente presidenta director directora titular consejero "
    "consejera delegado delegada vicepresidente vicepresidenta subsecretario subsecretaria "
    "viceministro viceministra coordinador coordinadora rector rectora decano decana "
    "concejal concejala dirigente líder sindicalista comisionado comisionada canciller "
    "embajador embajadora alcalde alcaldesa gobernador gobernadora intendente "
    "superintendente superintendenta investigador investigadora científico científica "
    "abogado abogada fiscal juez jueza catedrático catedrática mandatario mandataria "
    "jerarca".split())
_ROLE_WORDS = frozenset(fold(w) for w in EXTRA_ROLES) | {fold(w) for w in ROLE_NOUNS} | {
    fold(w) for w in ROLE_CUES if len(w) > 3}


# who may speak of the person without being named: "a spokesman said Dimon…"
GROUPS = frozenset(fold(w) for w in (
    "analyst analysts spokesman spokeswoman spokesperson sources source officials official "
    "experts expert critics critic company firm rivals rival observers investors union "
    "analista analistas portavoz vocero vocera fuentes fuente funcionarios expertos expertas "
    "críticos empresa compañía rivales observadores inversores sindicato sindicatos gremio "
    "patronal asociación federación policía fiscalía oposición ministerio").split())
THIRD_PARTIES = GROUPS | {fold(w) for w in ROLE_CUES}
# who someone is to somebody: the name after one of these is that other person ("Her
# predecessor, John Harmon, …", "su esposa, Ana Gil, …")
RELATIONS = frozenset(fold(w) for w in (
    "predecessor successor deputy adviser advisor aide assistant counterpart opponent "
    "challenger wife husband daughter son father mother brother sister boss friend "
    "predecesor predecesora antecesor antecesora sucesor sucesora adjunto adjunta asesor "
    "asesora homólogo homóloga contrincante esposa esposo marido hija hijo padre madre "
    "hermano hermana amigo amiga").split())
# after "Karen Mills, …": an apposition that says who that other person is
_APPOSITION = (frozenset({"a", "an", "the", "el", "la", "su", "who", "quien", "que"})
               | _ROLE_WORDS | RELATIONS | {fold(w) for w in ROLE_CUES})


def _reported_by_other(folded: list[str], i: int) -> bool:
    """A speech verb before the mention, with a third party just before the verb."""
    for v in range(min(i, 12)):
        if folded[v] in SPEECH and folded[v] not in ("according", "segun"):
            return any(w in THIRD_PARTIES for w in folded[max(0, v - 4):v])
    return False


def _prefix_names_speaker(sentence: str) -> bool:
    """"Por su parte, el ministro: “…”": the words before the colon name who speaks."""
    head = sentence.split(":", 1)[0] if ":" in sentence else sentence.split("?", 1)[0]
    low = [fold(w) for w in _TOKEN.findall(head)]
    return any(w.rstrip(".") in ROLE_CUES or w in SPEECH for w in low)


def _roles_near(folded: list[str], i: int) -> set[str]:
    """Role nouns within four words before the name or right after it ("Dmitry Muratov,
    periodista ruso"), or opening the sentence that names them."""
    near = folded[max(0, i - 4):i] + folded[i + 2:i + 5]
    if len(folded) > 1 and folded[0] in ("el", "la", "the"):
        near.append(folded[1])  # "El periodista ruso laureado con el Nobel, Dmitry Muratov…"
    return {w for w in near if w in _ROLE_WORDS}


_ORG_LINKS = frozenset("of at for de del en".split())
_GOVERNMENT = frozenset("gobierno government administration administracion".split())
_NOT_ORG = frozenset("co inc corp ltd sa llc plc group".split())


def _orgs_near(words: list[str], folded: list[str], i: int) -> set[str]:
    """The words of the organisation a full mention says they lead or work for: "Walt Disney
    Co. executive Kevin Mayer", "Ascom's CEO André Neu", "Debra Symonette, President of
    Super Value", "el gobierno de Carlos Alvarado"."""
    found: set[str] = set()

    def caps_run(k: int, step: int) -> None:
        while 0 <= k < len(words) and words[k][:1].isupper() and folded[k] not in STOP_CAPS:
            key = folded[k].rstrip(".").removesuffix("'s").removesuffix("’s")
            if len(key) > 1 and key not in _NOT_ORG and key not in _ROLE_WORDS:
                found.add(key)
            k += step

    for k in range(max(0, i - 6), i):  # "Disney executive Kevin Mayer", "Apple CEO Tim Cook"
        if folded[k] in _ROLE_WORDS or folded[k] in ROLE_CUES:
            if k and words[k - 1][:1].isupper():
                caps_run(k - 1, -1)
            if k + 2 < i and folded[k + 1] in _ORG_LINKS:  # "President of Super Value Debra"
                caps_run(k + 2, 1)
    after = [k for k in range(i + 2, min(len(words), i + 10))
             if folded[k] in _ROLE_WORDS or folded[k] in ROLE_CUES]
    if after:  # "Neu, CEO of Ascom", "Neu, Head of Platform Solutions for Ascom"
        for k in range(after[0] + 1, min(len(words) - 1, after[0] + 7)):
            if folded[k] in _ORG_LINKS and words[k + 1][:1].isupper():
                caps_run(k + 1, 1)
    if i >= 2 and folded[i - 1] in ("de", "of") and folded[i - 2] in _GOVERNMENT:
        found.add(folded[i - 2])  # "el gobierno de Carlos Alvarado"
    return found - set(folded[i:i + 2])


_FEMALE = frozenset("she her hers herself ella".split())
_MALE = frozenset("he him his himself él".split())
_FEMALE_ROLES = frozenset(fold(w) for w in (
    "spokeswoman businesswoman chairwoman directora presidenta ministra fundadora gerenta "
    "jefa consejera diputada senadora gobernadora alcaldesa ejecutiva "
    "empresaria emprendedora directiva secretaria profesora ingeniera consultora socia "
    "mrs ms sra señora").split())
# only unambiguous words: Spanish masculine role nouns are also said of women, and English
# "director" or "president" of anyone
_MALE_ROLES = frozenset(fold(w) for w in (
    "spokesman businessman chairman mr sr señor").split())
_DETERMINERS = frozenset(fold(w) for w in (
    "a an the one another some other two three several un una el la los las otro otra "
    "otros otras uno varios varias dos tres algunos algunas").split())


THEM = "\x00them"  # a transcript label that is the person
_LABEL = re.compile(r"^\s*([^\W\d_][^\W\d_ .'’-]*(?:[ .'’-]+[^\W\d_]+){0,3})\s*:\s+\S")
_INTERVIEWERS = frozenset(fold(w) for w in (
    "host interviewer moderator presenter reporter anchor entrevistador entrevistadora "
    "presentador presentadora moderador moderadora periodista conductor conductora").split())


def _speaker_label(text: str, matcher: PersonMatcher) -> str | None:
    """Who speaks a transcript block ("Host: …", "Ana Ruiz: …"): THEM, another speaker's
    label, or None (no label, or "Update:", "Q:" and the like)."""
    m = _LABEL.match(text)
    if not m:
        return None
    label = m.group(1).strip()
    words = [fold(w) for w in label.split()]
    if name_matches(label, matcher.name) or (len(words) == 1 and (
            words[0] in matcher.surnames or words[0] == matcher.given)):
        return THEM
    if len(words) == 1 and words[0] in _INTERVIEWERS:
        return label
    if 2 <= len(words) <= 4 and all(w[:1].isupper() for w in label.split()) and not any(
            w in STOP_CAPS for w in words):
        return label  # another person's name
    return None


def _quoted_at(tokens: list[tuple[str, str, str]], i: int) -> bool:
    """Whether word `i` sits inside quotation marks (an opening mark before it, unclosed)."""
    before = "".join(g + w + d for g, w, d in tokens[:i]) + tokens[i][0]
    if before.count("“") > before.count("”") or before.count("«") > before.count("»"):
        return True
    return before.count('"') % 2 == 1


def _subject_gender(words: list[str]) -> str:
    """"f" or "m" from a pronoun that opens the sentence ("She wants…", "Él dijo…")."""
    lower = [w.lower() for w in words[:2]]
    for w in lower:
        if w in _FEMALE:
            return "f"
        if w in _MALE:
            return "m"
    return ""


def _role_gender(roles: set[str]) -> str:
    female, male = bool(roles & _FEMALE_ROLES), bool(roles & _MALE_ROLES)
    return "f" if female and not male else "m" if male and not female else ""


def _other_gender(words: list[str], gender: str) -> bool:
    """The sentence's pronouns are all of the other gender: "He said…" after "She…"."""
    lower = {w.lower() for w in words[:12]}
    theirs, others = (_FEMALE, _MALE) if gender == "f" else (_MALE, _FEMALE)
    return bool(lower & others) and not lower & theirs


def _other_speaker(folded: list[str], roles: set[str]) -> str | None:
    """Who speaks, when it is an unnamed third party: "said one analyst", "Another analyst
    said", "officials said", "A former employee said", "dijo un trabajador", and a title the
    page never gave them ("The mayor said" on a page that calls them its chief executive;
    with no title known, "the minister said" may be theirs and is not read)."""
    for v, w in enumerate(folded):
        if w not in SPEECH or w in ("according", "segun"):
            continue
        window = folded[max(0, v - 6):v]
        before = [x for x in window[-3:] if x not in _DETERMINERS]
        if before and (before[-1] in _FEMALE or before[-1] in _MALE or before[-1] in roles) \
                and not _INDEFINITE & set(window[-3:]):
            return None  # "she said", "the chief executive said": the passage's person
        relation = [x for x in window if x in RELATIONS]
        if relation:
            return relation[0]  # "Her deputy said", "su esposa dijo"
        if not any(x in _FEMALE or x in _MALE for x in window):
            # the subject of the verb: "A lawyer for the union said", "A person familiar
            # with the matter said", "Her deputy said"
            for x in window:
                if x in GROUPS and x not in roles or _someone(x, window, roles):
                    return x
        after = [x for x in folded[v + 1:v + 4] if x not in _DETERMINERS]
        if w not in LISTEN_VERBS and after and after[0] in GROUPS and after[0] not in roles:
            return after[0]
        # "afirmó el secretario general del sindicato": a title the page never gave them
        if w not in LISTEN_VERBS and after and after[0] in _ROLE_WORDS \
                and after[0] not in roles:
            return after[0]
        if w not in LISTEN_VERBS and after and _someone(after[0], folded[v + 1:v + 4], roles):
            return after[0]
    return None


# people a story quotes without naming them ("a former employee", "un vecino")
PEOPLE = frozenset(fold(w) for w in (
    "employee worker customer client investor banker lawyer attorney person resident "
    "neighbor neighbour shareholder supplier driver consultant economist official source "
    "insider veteran executive manager colleague member "
    "empleado empleada trabajador trabajadora cliente inversor inversora banquero banquera "
    "abogado abogada persona vecino vecina accionista proveedor proveedora conductor "
    "conductora consultor consultora economista fuente miembro colega").split())
# nouns for people who speak, which open a sentence capitalised without being a name
_SPEAKER_NOUNS = GROUPS | PEOPLE | _ROLE_WORDS
# a determiner that brings in somebody new: "a", "one", "another", "un", "otra"
_INDEFINITE = frozenset(fold(w) for w in "a an one another un una otro otra".split())


def _someone(noun: str, window: list[str], roles: set[str]) -> bool:
    """`noun` (a role or a person word next to a verb of saying) is somebody else: brought in
    as someone new ("a former employee", "un vecino"), or a title that is not theirs while
    the page gave them one ("the mayor" beside "the chief executive")."""
    if noun in RELATIONS:
        return True  # "her deputy", "su esposa"
    if noun not in PEOPLE and noun not in _ROLE_WORDS and noun not in ROLE_CUES:
        return False
    if _INDEFINITE & set(window):
        return True
    return bool(roles) and noun not in roles and noun not in _GENERIC_ROLES \
        and noun not in _HEADS


# words for whoever heads something, which a page uses for its person whatever their title
# ("la ministra…", then "la titular de Industria")
_HEADS = frozenset(fold(w) for w in (
    "titular head chief boss leader líder lider jefe jefa dirigente responsable "
    "cabeza").split())


# speakers that are bodies, not people: a "she" after them is not them
_BODIES = frozenset(fold(w) for w in (
    "company firm union empresa compañía sindicato gremio patronal asociación federación "
    "policía fiscalía oposición ministerio").split())


def _speaker_goes_on(words: list[str], speaker: str) -> bool:
    """A pronoun sentence that carries a turn on right after an unnamed speaker continues
    that speaker ("A former employee said… She added…") unless the speaker was a group
    ("analysts", "the company") or of the other gender ("a spokesman" then "she")."""
    key = fold(speaker)
    if key in GROUPS and key not in PEOPLE and (key.endswith("s") or key in _BODIES):
        return False  # "analysts said", "the company said": "she" is not them
    lower = {w.lower() for w in words[:12]}
    if not lower & _GOES_ON:
        return False  # "“We will open on time,” she said.": the passage's person again
    spoken = _role_gender({key})
    return not (spoken == "m" and lower & _FEMALE or spoken == "f" and lower & _MALE)


# words that carry on the last speaker's turn: "She added…", "He went on…", "also said"
_GOES_ON = frozenset("added adds continued continues went also añadió agregó añade agrega "
                     "prosiguió continuó".split())


def _called(folded: list[str], roles: set[str]) -> bool:
    """The sentence refers to the person by a role the page gave them: "según el periodista"."""
    if not roles:
        return False
    head = folded[:5]
    if any(head[k] in _THE and head[k + 1] in roles for k in range(len(head) - 1)):
        return True  # "Según el periodista, …", "A juicio del gerente, …"
    # "«…», declaró la ministra", "En declaraciones a este diario, el gerente explicó…":
    # the role right after or right before a verb of saying; "La situación, a juicio de la
    # ministra, es…": their view named in the middle
    return any(folded[k] in SPEECH and folded[k + 1] in _THE and folded[k + 2] in roles
               or folded[k] in _THE and folded[k + 1] in roles and folded[k + 2] in SPEECH
               or folded[k] in _VIEW and _role_at(folded, k + 1, roles)
               for k in range(len(folded) - 2))


_VIEW = frozenset("juicio opinion palabras segun".split())


def _role_at(folded: list[str], k: int, roles: set[str]) -> bool:
    """"del gerente", "de la ministra", "la ministra" at `k`."""
    if k < len(folded) and folded[k] == "de":
        k += 1
    return k + 1 < len(folded) and folded[k] in _THE and folded[k + 1] in roles


_THE = frozenset("el la del al the".split())
# what news calls whoever its passage is about, whatever their title: "Según la funcionaria,
# …" inside that passage ("un funcionario" would be someone new)
_GENERIC_ROLES = frozenset(fold(w) for w in (
    "ejecutivo ejecutiva directivo directiva empresario empresaria funcionario funcionaria "
    "mandatario mandataria jerarca dirigente executive official").split())


_QUESTION_PREFIX = re.compile(r"^\s*(?:q|p|pregunta|question)\s*[:.\-–—]\s", re.I)
_ANSWER_PREFIX = re.compile(r"^\s*(?:a|r|respuesta|answer)\s*[:.\-–—]\s", re.I)
_SECOND_PERSON = re.compile(r"\b(?:you|your|yours|usted|ustedes|tú|tu|tus|te|vos|su|sus)\b", re.I)
# a Spanish press interview sets its lines off with a dash: "—¿Qué le preocupa?"
_DASH_QUESTION = re.compile(r"^\s*[—–-]\s*¿")
ANSWER_BLOCKS = 4  # paragraphs after a question that can be its answer
QA_SHARE = 0.5  # of the blocks from the first question on that a Q&A spends on them


def _qa_answers(blocks: list[Block]) -> dict[int, str]:
    """Block index -> "question" or "answer" when the page reads as a Q&A interview.

    A question is a short paragraph ending in "?" (or opening with "Q:"/"P:"); the few
    paragraphs after it, up to the next question, are the answer. Two questions at least.
    """
    questions = [i for i, b in enumerate(blocks)
                 if not b.quoted and len(b.text) < 400 and (
                     b.text.rstrip(" \"”’»").endswith("?") or _QUESTION_PREFIX.match(b.text))]
    if len(questions) < 2:
        return {}
    # an interviewer asks the person ("you"); an essay's rhetorical questions do not
    asking = sum(1 for i in questions if _SECOND_PERSON.search(blocks[i].text)
                 or _DASH_QUESTION.match(blocks[i].text))
    if asking * 2 < len(questions):
        return {}
    roles = dict.fromkeys(questions, "question")
    for q in questions:
        for j in range(q + 1, min(q + 1 + ANSWER_BLOCKS, len(blocks))):
            if j in roles:
                break
            roles[j] = "answer"
    # an interview is mostly questions and answers from its first question on; an essay
    # that asks its reader a few questions along the way is not one
    if len(roles) < QA_SHARE * (len(blocks) - questions[0]):
        return {}
    return roles


def names_person(text: str, person_name: str, surname_ok: bool = False) -> bool:
    """Whether `text` (a title, a headline, a lead paragraph) names the person."""
    if not text:
        return False
    matcher = PersonMatcher(person_name)
    tokens, _ = _tokens(text)
    words = [w for _, w, _ in tokens]
    found = matcher.mention([_fold_word(w) for w in words], words)
    return found is not None and (found[0] == "name" or surname_ok and found[0] == "surname")


def _tokens(sentence: str) -> tuple[list[tuple[str, str, str]], str]:
    """The sentence's (gap, word, dot) triples, and what follows its last word."""
    found = _GAP_WORD.findall(sentence)
    rest = ""
    while found and not found[-1][1]:
        rest = found.pop()[0] + rest
    return found, rest


def _headline_like(sentence: str, block_text: str, words: list[str]) -> bool:
    """A paragraph that is one short line without a full stop: another article's headline
    or a teaser link ("Karim Benzema advierte al Manchester City…")."""
    return (len(words) <= 25 and sentence.strip() == block_text.strip()
            and not sentence.rstrip().endswith((".", "!", "?", "…", '"', "”", "»", "’", ")")))


def _fragment_reason(sentence: str, words: list[str]) -> str | None:
    if len(sentence) > MAX_SENTENCE and not (
            len(sentence) <= MAX_QUOTED_SENTENCE
            and sum(len(q) for q in _QUOTED.findall(sentence)) >= QUOTED_SHARE * len(sentence)):
        return "too long to be one sentence (likely a list or table)"
    if sentence.count(": ") >= 3:
        return "a list of labels and values, not a sentence"
    lower = sum(1 for w in words if w[:1].islower())
    # "Ana Ruiz dirige Olivar Foods." is a sentence: one verb between names, a full stop
    ended = (lower == 1 and sentence.rstrip("”»\"' ").endswith(".")
             and not words[0][:1].islower() and not words[-1][:1].islower())
    if len(words) < 4 or lower < 2 and not ended:
        return "a fragment, not a sentence (heading, name or link)"
    return None


def _has_pronoun(words: list[str]) -> bool:
    return any(w.lower() in PRONOUNS for w in words[:12])


def _continues(words: list[str], sentence: str) -> bool:
    """A pronoun near the start, a Spanish subject-less verb, or quoted speech.

    Works on the original words: "Él" (he) is a pronoun, "El" (the) is not.
    """
    if not words:
        return False
    lower = [w.lower() for w in words]
    if _opens_as_them(lower) or (len(lower) > 1 and lower[0] in _CONNECTORS and (
            lower[1] in SUBJECTS or lower[1] not in _COPULAS and _subjectless(lower, 1))):
        return True
    if any(w in PRONOUNS for w in lower[:12]) and not _first_person(words, lower):
        return True
    if sentence.lstrip()[:1] in _QUOTES:
        return True
    # "Por otro lado, consideró…", "Asimismo, la ministra…", "En su opinión, …": the same
    # tests after a short opening phrase; "El plan, detalló, contempla…": a speech verb
    # set off by commas
    head, comma, tail = sentence.partition(",")
    if comma and len(head.split()) <= 4 and fold(" ".join(head.split())) not in _SWITCHES:
        if any(w.lower() in SUBJECTS for w in head.split()[1:]):
            return True
        if _opens_as_them([w.lower() for w in _TOKEN.findall(tail)[:2]]):
            return True
    elif comma and len(head.split()) <= LONG_HEAD:
        # "En cuanto a la seguridad de las instalaciones, consideró que…": after a longer
        # topic phrase only a verb of saying or thinking, with no subject, is theirs
        first = _TOKEN.findall(tail)[:1]
        if first and fold(first[0]) in SPEECH and first[0][:1].islower():
            return True
    return any(m.group(1).lower() in SPEECH for m in _ASIDE.finditer(sentence))


def _weak_opening(words: list[str], sentence: str) -> bool:
    """The sentence continues a passage only by a Spanish verb with no subject that is not a
    verb of saying ("Busca determinar…", "Tiene tres sedes…"): its subject is whatever the
    sentence before was about, so it is theirs only right after one of theirs."""
    lower = [w.lower() for w in words[:3]]
    if not lower or sentence.lstrip()[:1] in _QUOTES or _has_pronoun(words):
        return False
    k = 1 if len(lower) > 1 and lower[0] in _CONNECTORS else 0
    if k >= len(lower) or lower[k] in SUBJECTS:
        return False
    if lower[k] in _CLITICS:
        return False  # "Le preocupa…": them, as the one worried
    if k + 1 < len(lower) and lower[k + 1] == "que":
        return False  # "Aduce que…", "Descarta que…": what they said
    return lower[k] in PRO_DROP and fold(lower[k]) not in SPEECH


def _opens_as_them(lower: list[str]) -> bool:
    """A clause (its lower-cased words) that opens with a pronoun of theirs, a Spanish
    subject-less verb or a role: "La directiva explicó…", "The executive said…"."""
    if not lower:
        return False
    if lower[0] in SUBJECTS or _subjectless(lower, 0):
        return True
    return len(lower) > 1 and lower[0] in {"the", "el", "la"} and (
        lower[1] in ROLE_CUES or lower[1] in ROLE_NOUNS or fold(lower[1]) in _ROLE_WORDS)


_CONNECTOR_FORMS = frozenset(_fold_text(w) for w in _CONNECTORS)
# "Y es que…", "No es la primera vez…": the narrator's, not a verb of theirs
_COPULAS = frozenset("es fue ha había era sería".split())
# object pronouns before a subject-less verb ("Le preocupa…", "Lo dijo…"); not "se", which
# is as often impersonal ("Se espera que…")
_CLITICS = frozenset("le les lo me nos".split())
# verbs whose subject is the worry or the wish, the person its object: "Le preocupa que…"
_DATIVE_VERBS = frozenset("preocupa preocupan preocupaba inquieta inquietan interesa "
                          "interesan importa importan molesta asusta parece parecía "
                          "gustaría gusta".split())


def _subjectless(lower: list[str], k: int) -> bool:
    """Word `k` opens a clause with a Spanish verb and no subject: "aclaró", "le preocupa"."""
    if lower[k] in PRO_DROP:
        return True
    return (lower[k] in _CLITICS and k + 1 < len(lower)
            and (lower[k + 1] in PRO_DROP or lower[k + 1] in _DATIVE_VERBS))


# opening phrases that bring in another party ("Por su parte, el sindicato…")
_SWITCHES = frozenset(fold(w) for w in (
    "por su parte", "for his part", "for her part", "for their part", "en cambio",
    "in contrast", "meanwhile", "mientras tanto", "sin embargo", "however"))
# ", detalló," / ", he added," in the middle of a sentence: the passage's speaker goes on
_ASIDE = re.compile(r",\s+(?:(?:he|she)\s+)?(\w+),", re.UNICODE)


_QUOTED = re.compile(r"“[^”]*”|«[^»]*»|\"[^\"]*\"|„[^“”]*[“”]")


def _first_person_outside_quotes(sentence: str) -> bool:
    """"I wanted to ask “where did it start?”" is theirs; "“We will win,” he said", "They
    accused me of “…”" and a quotation left open are not."""
    if not any(q in sentence for q in _QUOTES):
        return True
    rest = _QUOTED.sub(" ", sentence)
    if any(q in rest for q in _QUOTES):
        return False  # a quotation mark left open: who speaks is unclear
    # the speaker, not the one spoken of: "Followers accused me of “…”" is theirs to tell
    words = [w for _, w, _ in _tokens(rest)[0] if w.lower() not in _OBJECT_FORMS]
    folded = [_fold_word(w) for w in words]
    if any(f in SPEECH and (v == 0 or folded[v - 1] not in _SPEAKER_FORMS)
           for v, f in enumerate(folded)):
        return False  # "We met a buyer who said “…”": the quotation is someone else's
    return _first_person(words, folded)


def _reports_on(sentence: str, words: list[str], other: str) -> bool:
    """The passage's person says something of another: the sentence opens as theirs with a
    verb of saying ("La ministra recordó que…", "Añadió que…", "She said that…") and the
    other name comes only in what was said, after that "que"/"that"."""
    lower = [w.lower() for w in words[:8]]
    if not (_opens_as_them(lower) or len(lower) > 1 and lower[0] in _CONNECTORS
            and _subjectless(lower, 1)):
        return False
    for k, w in enumerate(lower[:-1]):
        if fold(w) in SPEECH and lower[k + 1] in ("que", "that"):
            said = sentence.find(" " + words[k + 1] + " ")
            return said >= 0 and sentence.find(other) > said
    return False


# words after a blockquote that credit it to someone ("That line from a mentor…")
_CREDIT = re.compile(r"\b(?:line|lines|quote|quoted|quotation|words|advice|saying|motto|"
                     r"phrase|mentor|tweet|tweeted|email|letter|wrote|writes|said|says|told|"
                     r"from (?:a|an|my|his|her|their|our|the)|frase|palabras|consejo|cita|"
                     r"escribió|dijo|según)\b", re.I)
_DASH_NAME = re.compile(r"(?:^|\s)[—–-]{1,2}\s*[A-ZÁÉÍÓÚÑ]")


def _uncredited(blocks: list[Block], bi: int) -> bool:
    """A blockquote with no one credited: no quotation marks, no verb of saying or "— Name"
    inside it, and no credit in the paragraphs around it (an introduction ending in ":" or
    naming a speaker before, "That line from a mentor…" after)."""
    text = blocks[bi].text
    if any(q in text for q in _QUOTES) or _DASH_NAME.search(text) or _CREDIT.search(text):
        return False
    prev = blocks[bi - 1].text.rstrip() if bi else ""
    nxt = blocks[bi + 1].text.lstrip() if bi + 1 < len(blocks) else ""
    if prev.endswith(":") or _CREDIT.search(prev[-120:]) or _DASH_NAME.match(nxt):
        return False
    return not _CREDIT.search(nxt[:160])


def _quotes_someone(sentence: str) -> bool:
    """The sentence quotes somebody: a quotation with a verb of saying outside it, most of
    the sentence in quotation marks, or a mark left open. Scare quotes and titles inside an
    author's own sentence ("the so-called “gig economy” will…") are not a quotation."""
    if not any(q in sentence for q in _QUOTES):
        return False
    rest = _QUOTED.sub(" ", sentence)
    if any(q in rest for q in _QUOTES):
        return True
    if len(rest.strip()) < (1 - QUOTED_SHARE) * len(sentence):
        return True
    words = [w for _, w, _ in _tokens(rest)[0]]
    return _reports_speech(words, [_fold_word(w) for w in words])


# words of saying that are as often nouns: "the United States", "my notes", "I would say"
_NOUN_OR_VERB = frozenset("states notes say claims cuenta".split())
_SAYERS = frozenset("he she it they who which report study survey data agency article paper "
                    "law él ella ellos ellas informe estudio encuesta".split())


def _reports_speech(words: list[str], folded: list[str]) -> bool:
    """Someone else's words reported in the sentence: "…, according to the agency", "the
    report says", "analysts warned"; not "in many states" or "needless to say"."""
    for k, f in enumerate(folded):
        if f not in SPEECH:
            continue
        if f not in _NOUN_OR_VERB:
            return True
        if words[k][:1].isupper():
            continue  # "United States"
        prev = folded[k - 1] if k else ""
        if prev in _SAYERS or prev in GROUPS or prev in PEOPLE or (
                k > 1 and words[k - 1][:1].isupper()):
            return True
    return False


# advice to the reader: an imperative ("Book your freight early", "Don't wait") or "you
# should/must/need to"; a claim with a "you" in it ("making your app rely on the network will
# slow it down") is not advice
_YOU = frozenset("you your yours yourself yourselves".split())
_TU = frozenset(fold(w) for w in "tú tu tus te ti contigo usted ustedes vos vosotros "
                "vosotras".split())
_ADVISING = frozenset("should must need needs have ought".split())
_OPENERS = frozenset("so then just please now first finally always also simply and but "
                     "next".split())
_STATEMENT_START = frozenset(
    "the a an this that these those my our their his her its your many most some few every "
    "each all no any both either neither much more less it there they we i he she you people "
    "in on at for with by from to of as after before during since until without within into "
    "over under about between among through because while when if although though but and "
    "or so yet however also still even only just now then today what which who how why "
    "where not nobody everyone everybody someone something nothing one two three here "
    "making being having doing".split())
_OBJECT_START = frozenset("your you the a an to it them this that these those up out sure "
                          "yourself what how more less about every each all some any one our "
                          "my their his her".split())
_IMPERATIVES = frozenset("don't dont do never remember consider imagine try let let's lets "
                         "make keep stop start avoid ask check use take get find look think "
                         "note read follow join sign download click contact call visit learn "
                         "discover see book plan pick choose set give".split())


def _advice(sentence: str, addressed: bool = False) -> bool:
    """Whether a sentence with "you" in it (or "tú"/"usted") tells the reader what to do
    (`addressed`: the reader is already addressed, in the "if you…" clause before)."""
    words = [w for _, w, _ in _tokens(sentence)[0]]
    folded = [_fold_word(w) for w in words]
    if _TU.intersection(folded):
        return True  # Spanish addresses the reader only to advise ("Reserva tu carga…")
    lower = [w.lower().replace("’", "'") for w in words]
    if not lower or not addressed and not _YOU.intersection(lower):
        return False
    k = 0
    while k < len(lower) - 1 and lower[k] in _OPENERS:
        k += 1
    if lower[k] == "if":  # "If you want a good rate, book early": the clause after it
        clause = sentence.split(",", 1)
        return len(clause) > 1 and _advice(clause[1], True)
    if lower[k] == "you" and k + 1 < len(lower) and (
            lower[k + 1] in _ADVISING or lower[k + 1] in ("'ll", "might", "may")
            and k + 2 < len(lower) and lower[k + 2] in ("want", "need")):
        return True  # "You should…", "You need to…", "You might want to…"
    first = lower[k]
    if first in _IMPERATIVES:
        return True
    nxt = lower[k + 1] if k + 1 < len(lower) else ""
    # a bare verb before its object: "Book your…", "Aim to…" (not "Sales grew", "Rising…")
    return (first not in _STATEMENT_START and not first.endswith(("ing", "ed", "ly"))
            and not (first.endswith("s") and not first.endswith("ss"))
            and nxt in _OBJECT_START)


_OBJECT_FORMS = frozenset("me us nos conmigo".split())
_SPEAKER_FORMS = frozenset("i we yo nosotros nosotras".split())  # "We asked “why now?”"


def _first_person(words: list[str], folded: list[str]) -> bool:
    """I/me/my/we/our, yo/mi/nosotros… ("US Airways" and "i." are not).

    `folded` are the same words lower-cased (accents may stay): most sentences have none of
    these words, and a set test says so without looking at each word.
    """
    if _FIRST_PERSON_FORMS.isdisjoint(folded):
        return False
    for w in words:
        low = w.lower().replace("’", "'")
        if low in FIRST_PERSON and (low != "i" or w == "I") and not (w.isupper() and len(w) > 1
                                                                     and low != "i'm"):
            return True
    return False


def _other_person(rest: str, tokens: list[tuple[str, str, str]], folded: list[str],
                  matcher: PersonMatcher, other_keys: list[tuple[str, str]],
                  other_surnames: set[str], company_key: str = "",
                  aliases: set[str] | None = None) -> str | None:
    """The name of another person this sentence is about, if any.

    `tokens` and `rest` are the sentence as `_tokens` splits it, `other_keys` (name, folded
    words) the other people the page names.
    """
    if other_keys:
        fs = " ".join(folded)
        for o, key in other_keys:
            if key in fs:
                return o
    caps = [i for i, (_, w, _) in enumerate(tokens) if w[0].isupper()]
    if not caps:
        return None
    # "…, dijo González." / "González explicó que…": they are the one speaking, so the names
    # near that verb are what they speak of
    them_speaking = any(f in SPEECH and (k + 1 < len(folded) and _is_them(folded[k + 1], matcher)
                                         or k and _is_them(folded[k - 1], matcher))
                        for k, f in enumerate(folded))
    if them_speaking:
        return None  # "Siches respondió al diputado Pedro Gil que…": still their words
    for span, start, end in _name_spans(tokens, folded, caps):
        if name_matches(span, matcher.name) or _only_person_words(span, matcher, aliases):
            continue
        if _quoted_at(tokens, start):
            continue  # named inside a quotation: who is spoken of, not who speaks
        span_key = " ".join(folded[start:end])
        if company_key and (span_key in company_key or company_key in span_key):
            continue  # the person's company is not another person
        if folded[start] in PLACE_STARTS or folded[end - 1].rstrip("'s’") in ORG_ENDS:
            continue  # "South Dakota", "Guardian Business": a place or an organisation
        before = folded[start - 1] if start else ""
        if before in LISTEN_VERBS:
            continue  # "she told Guardian Business": who listened, not who spoke
        after = folded[end] if end < len(folded) else ""
        if start >= 2 and before in SPEECH and _is_them(folded[start - 2], matcher):
            continue  # "Cook told Marc Benioff"
        if _CONTRACTION.search(tokens[start][1]):
            continue
        if (before in SPEECH or after in SPEECH or before in ROLE_CUES
                or before in THIRD_PARTIES or before in _ROLE_WORDS  # "Her rival, Pedro
                # Gil, …", "analyst Ana Gil", "said board chairman Tom Reyes"
                or before in RELATIONS  # "Her predecessor, John Harmon, …"
                or _after_word(tokens, rest, end - 1).startswith(", ")
                and after in _APPOSITION  # "Karen Mills, chief executive of …"
                or (start == 0 and after and after[:1].islower() and end - start >= 2)
                or start == 0 and after in SPEECH
                or _of_organisation(tokens, folded, end)
                or any(f in SPEECH for f in folded[end:end + SPEECH_AFTER])):
            # "Karen Mills of Beta", "Tom Reyes, Acme's chairman, said…"
            return span
    # a single capitalised word next to a speech verb: "said Smith", "dijo Pérez"
    for i in caps:
        w, word = folded[i], tokens[i][1]
        if w in STOP_CAPS or w in _CONNECTOR_FORMS or w in matcher.surnames \
                or w == matcher.given:
            continue  # "No considera…", "Pero aclaró…": no name next to the verb
        if word.lower().replace("’", "'") in FIRST_PERSON or _CONTRACTION.search(word):
            continue  # "I've", "I'm", "We'll" are never names
        if i == 0 and (w in _SPEAKER_NOUNS or w.endswith("s") and w[:-1] in _SPEAKER_NOUNS
                       or w in _STATEMENT_START):
            continue  # "Analysts said…", "Many states…": people or a quantity, not a name
        if i >= 2 and folded[i - 1] in SPEECH and _is_them(folded[i - 2], matcher):
            continue  # "Cook told Benioff": Benioff is who they spoke to
        if i and folded[i - 1] in LISTEN_VERBS:
            continue  # "she told Reuters"
        if i + 1 < len(folded) and folded[i + 1].rstrip("'s’") in ORG_ENDS:
            continue  # "Guardian Business said"
        if i and folded[i - 1] in _OF_ORG:
            continue  # "La titular de Industria advirtió": a ministry, a place
        # next to a verb of saying, with no comma between ("Asimismo, alertó" is no name)
        # ("United States": a capitalised "States" is no verb of saying)
        near = {folded[i - 1] if i and "," not in tokens[i][0] else "",
                folded[i + 1] if i + 1 < len(folded) and "," not in tokens[i + 1][0]
                and tokens[i + 1][1][:1].islower() else ""}
        if (near & SPEECH or w in other_surnames) and not _quoted_at(tokens, i):
            return word
    return None


# words that open a sentence with a phrase before its subject ("In a letter to Whitfield,
# Senator Blake…", "Tras la reunión, Gil…")
_INTRO = frozenset(fold(w) for w in (
    "in after before like unlike despite with at for during following since under on upon "
    "en tras como para durante desde con ante pese antes después").split())
_NOT_VERB = frozenset(fold(w) for w in (
    "and or of who whose which that y o e de del que quien quienes cuyo cuya").split())
MAX_APPOSITION = 10  # words of ", an analyst at Bernstein," between a subject and its verb


def _other_subject(tokens: list[tuple[str, str, str]], folded: list[str], i: int,
                   matcher: PersonMatcher, company_key: str, aliases: set[str],
                   other_surnames: set[str]) -> str | None:
    """Another person who is the subject of a sentence that names them (at `i`): "Tom Reyes
    said Dana Whitfield wants…", "Analyst Mia Chen, of Bernstein, believes Whitfield…", "In a
    letter to Whitfield, Senator Ron Blake demanded…"; or who speaks a quotation that names
    them ("“Whitfield is the best,” said Tom Reyes"). None when they are the subject or the
    speaker ("…, said Whitfield", "Whitfield told Reyes…")."""
    n = len(tokens)
    quoted = _quoted_at(tokens, i)
    if not quoted and i and folded[i - 1] in SPEECH:
        k = i
        while k + 1 < n and tokens[k + 1][1][:1].isupper() and not tokens[k + 1][0].strip():
            k += 1
        if k + 1 >= n or tokens[k][2] or tokens[k + 1][0].strip():
            return None  # "…, said Whitfield.": they speak ("said Whitfield wants…": not)
    caps = [k for k, (_, w, _) in enumerate(tokens) if w[:1].isupper()]
    spans = [(start, end) for _, start, end in _name_spans(tokens, folded, caps)]
    spans += [(k, k + 1) for k in caps if folded[k] in other_surnames]
    if quoted:
        # who speaks the quotation: a name next to a verb of saying outside the marks
        for start, end in sorted(spans):
            if _quoted_at(tokens, start) or _is_person_span(tokens, folded, start, end,
                                                            matcher, company_key, aliases):
                continue
            near = folded[max(0, start - 2):start] + folded[end:end + 2]
            if any(w in SPEECH for w in near):
                return " ".join(w for _, w, _ in tokens[start:end])
        return None
    c = 0
    if folded and folded[0] in _INTRO:  # the subject comes after the opening phrase
        c = next((k for k in range(1, n) if "," in tokens[k][0]), 0)
    for start, end in sorted(spans):
        if start < c or start > c + 4:
            continue
        if start <= i < end or _is_person_span(tokens, folded, start, end, matcher,
                                                 company_key, aliases):
            return None  # they (or their own company) are the subject
        j = end
        cue = _titled(folded, start, end) or folded[start] in other_surnames
        if j < n and "," in tokens[j][0]:  # ", an analyst at Bernstein," then the verb
            cue = cue or folded[j] in _APPOSITION
            j = next((k for k in range(j + 1, min(n, j + MAX_APPOSITION))
                      if "," in tokens[k][0]), n)
        if j < n and tokens[j][1][:1].islower() and folded[j] not in _NOT_VERB \
                and folded[j] not in _ROLE_WORDS and folded[j] not in ROLE_CUES \
                and folded[j] not in _DETERMINERS and (j < i or i < c) and (
                    cue or folded[j] in SPEECH or folded[j] in _STANCE):
            # a person by their title, apposition or verb ("Acme Logistics will spend…"
            # is a company)
            return " ".join(w for _, w, _ in tokens[start:end])
        return None
    return None


# verbs of a person's view or demand: "Mia Chen believes Whitfield…", "criticized"
_STANCE = frozenset(fold(w) for w in (
    "believes thinks expects warned warns fears predicted predicts criticized criticised "
    "accused urged demanded insisted doubts questioned cree piensa opina teme advirtió "
    "criticó acusó exigió pidió reclamó duda cuestionó").split())


def _titled(folded: list[str], start: int, end: int) -> bool:
    """A title or honorific opens the name or comes right before it ("Senator Ron Blake",
    "analyst Mia Chen", "el ministro Pedro Gil")."""
    before = folded[start - 1] if start else ""
    return any(w in HONORIFICS or w in _ROLE_WORDS or w in ROLE_CUES
               for w in (before, folded[start]))


def _speaks_at(folded: list[str], i: int) -> bool:
    """The mention at `i` is who says the sentence: "“…,” Cook said", "…, dijo Gil."."""
    return i + 1 < len(folded) and folded[i + 1] in SPEECH and folded[i + 1] not in (
        "according", "segun") or i + 1 == len(folded) and bool(i) and folded[i - 1] in SPEECH


def _titled_surnames(tokens: list[tuple[str, str, str]], folded: list[str],
                     matcher: PersonMatcher, aliases: set[str]) -> set[str]:
    """The surnames of people a sentence names in full after a title or an honorific."""
    caps = [k for k, (_, w, _) in enumerate(tokens) if w[:1].isupper()]
    if len(caps) < 2:
        return set()
    out = set()
    for _, start, end in _name_spans(tokens, folded, caps):
        if end - start >= 2 and _titled(folded, start, end) and not _is_person_span(
                tokens, folded, start, end, matcher, "", aliases):
            last = folded[end - 1]
            if len(last) > 2 and not _is_them(last, matcher) and last not in _ROLE_WORDS:
                out.add(last)
    return out


def _is_person_span(tokens: list[tuple[str, str, str]], folded: list[str], start: int,
                    end: int, matcher: PersonMatcher, company_key: str,
                    aliases: set[str]) -> bool:
    """Whether the capitalised run is the person, their company (or a word of `aliases`: their
    other names and their organisation's), a place or an organisation: not another person."""
    span = " ".join(w for _, w, _ in tokens[start:end])
    key = " ".join(folded[start:end])
    return bool(name_matches(span, matcher.name) or _only_person_words(span, matcher, aliases)
                or aliases.intersection(folded[start:end])  # their organisation's words
                or company_key and (key in company_key or company_key in key)
                or folded[start] in PLACE_STARTS or folded[end - 1].rstrip("'s’") in ORG_ENDS
                or folded[start] in STOP_CAPS and end - start == 1)


SPEECH_AFTER = 6  # words after a name within which a speech verb makes it the speaker
_OF_ORG = frozenset(fold(w) for w in "of at from de del".split())


def _of_organisation(tokens: list[tuple[str, str, str]], folded: list[str], end: int) -> bool:
    """"Karen Mills of Beta", "María López, de Logística Sur": a person and where they work."""
    k = end
    if k < len(tokens) and not tokens[k][0].strip(" ,") and folded[k] in _OF_ORG:
        return k + 1 < len(tokens) and tokens[k + 1][1][:1].isupper()
    return False


LISTEN_VERBS = frozenset({"told", "tells"})
PLACE_STARTS = frozenset(fold(w) for w in (
    "south north east west new united saint san santa fort port lake mount puerto costa "
    "nueva nuevo ciudad estados reino república republica hong sri").split())
ORG_ENDS = frozenset(fold(w) for w in (
    "business news times post group inc corp corporation company co bank university "
    "department ministry council association health healthcare guardian journal agency party "
    "house court street club media press institute foundation fund office center centre "
    "capital partners holdings labs systems technologies airlines airways motors network "
    "magazine herald tribune review daily weekly radio tv channel studios pictures records "
    "index exchange league federation union commission committee board authority services "
    "hospital school college academy ventures").split())
_CONTRACTION = re.compile(r"['’](?:ve|m|ll|d|re|s|t)$", re.I)
# words before a mention that make the person the one spoken to, not the one speaking
_OBJECT_CUES = frozenset("told tells asked asks thanked interviewed interviewing".split())
_OBJECT_PAIRS = frozenset({
    ("spoke", "with"), ("spoke", "to"), ("talked", "to"), ("talked", "with"), ("up", "with"),
    ("down", "with"), ("speak", "with"), ("chat", "with"), ("chatted", "with"),
    ("pregunto", "a"), ("dijo", "a"), ("entrevisto", "a"), ("hablo", "con"),
    ("converso", "con"), ("entrevista", "con"), ("conversamos", "con"), ("hablamos", "con"),
    ("respondio", "a"), ("contesto", "a"), ("replico", "a"), ("critico", "a"), ("acuso", "a"),
    ("pidio", "a"), ("exigio", "a"), ("reclamo", "a")})


def _spoken_to(folded: list[str], i: int) -> bool:
    """The mention at `i` is the object of a speech verb ("he told Cook", "we spoke with
    Austin", "preguntó a García"): someone else is speaking."""
    j = i - 1
    while j >= 0 and folded[j] in HONORIFICS:
        j -= 1
    if j < 0:
        return False
    if folded[j] in _OBJECT_CUES:
        return True
    return j >= 1 and (folded[j - 1], folded[j]) in _OBJECT_PAIRS


def _possessive_name(words: list[str], i: int) -> bool:
    """The full mention at `i` ends in "'s" ("Dana Whitfield's boss")."""
    k = i
    while k + 1 < len(words) and words[k + 1][:1].isupper() and k < i + 4:
        k += 1
    return any(words[j].endswith(("'s", "’s")) for j in range(i, k + 1))


def _is_them(word: str, matcher: PersonMatcher) -> bool:
    return word in matcher.surnames or (bool(matcher.given) and word == matcher.given)


def _after_word(tokens: list[tuple[str, str, str]], rest: str, i: int) -> str:
    """The two characters that follow word `i` of the sentence (its full stop included)."""
    after = tokens[i + 1][0] + tokens[i + 1][1] if i + 1 < len(tokens) else rest
    return (tokens[i][2] + after)[:2]


def _only_person_words(span: str, matcher: PersonMatcher,
                       aliases: set[str] | None = None) -> bool:
    words = [fold(w) for w in span.replace("-", " ").split()]
    words = [w.rstrip(".") for w in words if w.rstrip(".") not in HONORIFICS]
    return bool(words) and all(w in matcher.surnames or w == matcher.given or len(w) == 1
                               or w in PARTICLES or aliases and w in aliases for w in words)


def _name_run(tokens: list[tuple[str, str, str]], folded: list[str], i: int) -> set[str]:
    """The capitalised words that run on from a full mention at `i`, with nothing but spaces
    between them ("María José García Pérez" for "María José García" gives its words)."""
    out: set[str] = set()
    k = i
    while k < len(tokens) and k < i + 6 and tokens[k][1][:1].isupper() \
            and folded[k] not in STOP_CAPS and (k == i or not tokens[k][0].strip()
                                                and not tokens[k - 1][2]):
        out.add(folded[k])
        k += 1
    return out


def _name_spans(tokens: list[tuple[str, str, str]], folded: list[str], caps: list[int]
                ) -> list[tuple[str, int, int]]:
    """Runs of two or more capitalised words (particles and initials allowed inside).

    `caps` are the indices of the capitalised words: only they can start a run.
    """
    spans: list[tuple[str, int, int]] = []
    n, done = len(tokens), 0
    for i in caps:
        word = tokens[i][1]
        if i < done or folded[i] in STOP_CAPS or word.isupper() and len(word) > 1:
            continue
        # "We", "I've" (as written: "Mia" is a name, "mía" is not)
        if _CONTRACTION.search(word) or word.lower().replace("’", "'") in FIRST_PERSON:
            continue
        j = i + 1
        while j < n:
            gap, w, _ = tokens[j]
            if w == "I" or _CONTRACTION.search(w):
                break  # "Because I", "Once I've": a sentence, not a name
            # what separates two words: the first one's full stop, then the gap
            if gap.strip(" .-") or "\n" in gap:
                break
            if w[0].isupper() and not (w.isupper() and len(w) > 2):
                j += 1
            elif folded[j] in PARTICLES and j + 1 < n and tokens[j + 1][1][0].isupper():
                j += 1
            else:
                break
        if j - i >= 2:
            spans.append((" ".join(t for _, t, _ in tokens[i:j]), i, j))
        done = j
    return spans
