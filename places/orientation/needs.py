"""What a person may need, in plain words, mapped once to the standard's vocabularies; and what to bring.

A need has `services` that a place must offer (any of them) and `preferences` that rank the places offering
them (a place that also has them comes first; one without them is still shown, with a word of caution). The
person's accessibility needs and who they are (a young person, a senior, a parent) are preferences too: the
data rarely says, and a place nearby that does not say may still welcome them — the fiche says to call first.
"""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from places.vocabularies import (
    Dispositif,
    ModaliteAccompagnement,
    PriseEnCharge,
    Public,
    Service,
    Vocabulary,
)


@dataclass(frozen=True)
class Preference:
    """Values of one vocabulary that make a place fit better (any of them will do)."""

    vocabulary: str
    values: tuple[str, ...]
    met: str  # the reason shown when the place has one: "Accompagnement individuel"
    unmet: str = ""  # the caution shown when it has none ("" : nothing is said)


@dataclass(frozen=True)
class Need:
    key: str  # in URLs: ?besoin=demarche
    label: str
    hint: str
    services: tuple[str, ...]
    preferences: tuple[Preference, ...] = ()
    bring: tuple[str, ...] = ()  # what to bring, besides BRING_ALWAYS


# Said once, read on every fiche.
BRING_ALWAYS = (
    _("Une pièce d'identité : carte d'identité, passeport ou titre de séjour."),
    _("Votre téléphone portable, chargé. Vous recevrez peut-être un code par SMS."),
    _("Vos lunettes, si vous en portez."),
)
BRING_ACCOUNTS = _(
    "Vos identifiants et mots de passe (CAF, France Travail, impots.gouv, ameli…), si vous en avez."
)
BRING_EMAIL = _("Votre adresse e-mail et son mot de passe, si vous en avez une.")

NEEDS = (
    Need(
        "demarche",
        _("Faire une démarche en ligne"),
        _("Par exemple : une demande à la CAF, un dossier de retraite, la déclaration d'impôts."),
        (Service.DEMARCHES,),
        bring=(
            BRING_ACCOUNTS,
            BRING_EMAIL,
            _("Les papiers de la démarche : le courrier reçu, le numéro de dossier ou d'allocataire."),
            _("Un justificatif de domicile de moins de 3 mois (facture, quittance de loyer)."),
        ),
    ),
    Need(
        "a-sa-place",
        _("Faire faire la démarche par quelqu'un"),
        _("La personne ne peut pas faire seule : un professionnel fait avec elle, ou à sa place."),
        (Service.DEMARCHES,),
        preferences=(
            Preference(
                Vocabulary.DISPOSITIFS,
                (Dispositif.AIDANTS_CONNECT,),
                _(
                    "Aidants Connect : un professionnel peut faire la démarche à votre place, en toute sécurité"
                ),
            ),
            Preference(
                Vocabulary.MODALITES_ACCOMPAGNEMENT,
                (ModaliteAccompagnement.INDIVIDUEL,),
                _("Accompagnement individuel"),
                _("Ne dit pas proposer d'accompagnement individuel : appelez avant."),
            ),
        ),
        bring=(
            BRING_ACCOUNTS,
            _("Votre carte Vitale ou votre numéro de sécurité sociale."),
            _("Les papiers de la démarche : le courrier reçu, le numéro de dossier ou d'allocataire."),
            _("Un justificatif de domicile de moins de 3 mois (facture, quittance de loyer)."),
        ),
    ),
    Need(
        "apprendre",
        _("Apprendre les bases"),
        _("Se servir d'un ordinateur, d'un smartphone, d'internet ou des e-mails."),
        (Service.OUTILS_QUOTIDIEN,),
        bring=(
            _("Votre téléphone ou votre tablette, chargé, avec son code de déverrouillage."),
            BRING_EMAIL,
            _("De quoi noter : un carnet et un stylo."),
        ),
    ),
    Need(
        "ordinateur",
        _("Utiliser un ordinateur, une imprimante ou internet"),
        _("Pour imprimer, scanner un document, écrire un e-mail ou aller sur internet."),
        (Service.ACCES_INTERNET,),
        bring=(
            _("Les documents à imprimer ou à scanner, ou une clé USB."),
            BRING_EMAIL,
            _("Un peu de monnaie : l'impression est parfois payante."),
        ),
    ),
    Need(
        "materiel",
        _("Avoir un ordinateur ou un téléphone à petit prix"),
        _("Du matériel reconditionné, vendu à prix solidaire."),
        (Service.MATERIEL_SOLIDAIRE,),
        bring=(
            _("Un justificatif de vos revenus ou de votre situation (attestation CAF, RSA, France Travail)."),
            _("Un moyen de paiement."),
        ),
    ),
)
NEED_OF = {need.key: need for need in NEEDS}


@dataclass(frozen=True)
class AccessNeed:
    key: str  # in URLs: ?adapte=surdite
    label: str
    preference: Preference
    bring: str = ""


ACCESS_NEEDS = (
    AccessNeed(
        "entend",
        _("Elle entend mal ou pas du tout"),
        Preference(
            Vocabulary.PRISE_EN_CHARGE,
            (PriseEnCharge.SURDITE,),
            _("Accueil adapté : surdité"),
            _("Ne dit pas accueillir les personnes sourdes : écrivez-leur ou appelez avant."),
        ),
    ),
    AccessNeed(
        "voit",
        _("Elle voit mal"),
        Preference(
            Vocabulary.PRISE_EN_CHARGE,
            (PriseEnCharge.DEFICIENCE_VISUELLE,),
            _("Accueil adapté : déficience visuelle"),
            _("Ne dit pas accueillir les personnes qui voient mal : appelez avant."),
        ),
    ),
    AccessNeed(
        "se-deplace",
        _("Elle se déplace difficilement (fauteuil roulant, canne)"),
        Preference(
            Vocabulary.PRISE_EN_CHARGE,
            (PriseEnCharge.HANDICAPS_MOTEURS,),
            _("Accueil adapté : handicap moteur"),
            _("Ne dit pas être accessible en fauteuil : appelez avant."),
        ),
    ),
    AccessNeed(
        "comprend",
        _("Elle a un handicap mental ou des difficultés à comprendre"),
        Preference(
            Vocabulary.PRISE_EN_CHARGE,
            (PriseEnCharge.HANDICAPS_MENTAUX,),
            _("Accueil adapté : handicap mental"),
            _("Ne dit pas avoir d'accueil adapté au handicap mental : appelez avant."),
        ),
    ),
    AccessNeed(
        "lit",
        _("Elle lit ou écrit difficilement"),
        Preference(
            Vocabulary.PRISE_EN_CHARGE,
            (PriseEnCharge.ILLETTRISME,),
            _("Accueil adapté : illettrisme"),
            _("Ne dit pas accompagner les personnes qui lisent difficilement : appelez avant."),
        ),
        bring=_("Si possible, une personne de confiance qui sait lire."),
    ),
    AccessNeed(
        "langue",
        _("Elle parle peu le français"),
        Preference(
            Vocabulary.PRISE_EN_CHARGE,
            (PriseEnCharge.LANGUES_ANGLAIS, PriseEnCharge.LANGUES_AUTRES),
            _("Accueil dans d'autres langues"),
            _("Ne dit pas accueillir dans d'autres langues : appelez avant."),
        ),
        bring=_("Si possible, une personne de confiance qui parle français."),
    ),
)
ACCESS_OF = {access.key: access for access in ACCESS_NEEDS}

# Who the person is: places that say they address them come first (nothing is said of the others).
PUBLICS = (
    (Public.JEUNES, _("Une personne jeune (moins de 26 ans)"), _("Accueille en particulier les jeunes")),
    (Public.SENIORS, _("Une personne âgée"), _("Accueille en particulier les seniors")),
    (Public.FAMILLES, _("Un parent, avec ses enfants"), _("Accueille en particulier les familles")),
)
PUBLIC_OF = {value: Preference(Vocabulary.PUBLICS, (value,), met) for value, _label, met in PUBLICS}


def what_to_bring(need: Need | None, access: tuple[AccessNeed, ...] = ()) -> list[str]:
    """The fiche's list, in plain French: what every visit needs, then what this need and these needs add."""
    items = [*BRING_ALWAYS, *(need.bring if need else ())]
    items += [item.bring for item in access if item.bring]
    return list(dict.fromkeys(str(item) for item in items))
