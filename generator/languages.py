"""What the stages need to know about each language besides English: the words of reported speech the quote finder
looks for, and the titles and honorifics that open a person's name. English's own lists stay beside the rules that
use them (annotate.SPEECH_VERBS, resolve.PERSON_TITLES and HONORIFICS); a language listed here adds its words to
them for the articles read as that language, and only for those: 'M.' is an honorific in French, an initial in
English ('M. Night Shyamalan'), and 'Me' a French lawyer's title but an English word ('Me Too').

The words are written as news writes them, not as lemmas: the lemmatizer is one of the components annotation
does not load. French verbs come as the past participle of the passé composé ('a déclaré') and the present of
the inverted incise ('déclare-t-il'), the forms reported speech takes in the press.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class LanguageWords:
    """One language's words for the rules that read names and reported speech."""

    speech_verbs: frozenset[
        str
    ]  # a quote's speaker is the subject of one of these (or the name right after it)
    according_to: frozenset[
        str
    ]  # 'selon Febelfin, « … »': the quote is the name's these words introduce
    person_titles: frozenset[str]  # before a name, say it is a person's; taken off its start
    honorifics: frozenset[str]  # never part of a name, whatever label the model gives the span


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


FRENCH = LanguageWords(
    speech_verbs=_words(
        """dit dire disait déclaré déclare déclarait affirmé affirme affirmait ajouté ajoute expliqué explique
        annoncé annonce estimé estime indiqué indique souligné souligne précisé précise assuré assure répondu répond
        confié confie lancé lance insisté insiste martelé martèle rappelé rappelle reconnu reconnaît poursuivi
        poursuit déploré déplore dénoncé dénonce écrit écrivait averti avertit prévenu prévient réagi réagit
        commenté commente raconté raconte confirmé confirme jugé juge conclu conclut tweeté réjoui félicité
        regretté regrette observé observe noté note ironisé ironise accusé accuse promis promet demandé demande
        interrogé""",
    ),
    according_to=_words("selon"),
    person_titles=_words(
        """président présidente ministre première premier secrétaire porte-parole sénateur sénatrice député
        députée maire gouverneur gouverneure ambassadeur ambassadrice général générale colonel capitaine juge
        procureur procureure avocat avocate professeur professeure chancelier chancelière roi reine prince
        princesse pape directeur directrice chef patron patronne candidat candidate commissaire monsieur madame
        mademoiselle docteur maître m mme mlle mm mmes me dr pr""",
    ),
    honorifics=_words("m mme mlle mm mmes me dr pr monsieur madame mademoiselle"),
)

WORDS = {"fr": FRENCH}
NO_WORDS = LanguageWords(frozenset(), frozenset(), frozenset(), frozenset())


def words_of(language: str) -> LanguageWords:
    """The words `language` adds to English's (none for English and for a language not listed)."""
    return WORDS.get(language, NO_WORDS)
