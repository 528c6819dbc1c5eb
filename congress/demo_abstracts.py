"""Demo abstracts for the congress, after the network's own Leerateliers.

Invented people (no real names or addresses); real kinds of partners and themes.
Each: title, format, track (theme slug), abstract, speakers and co-authors as
(name, organisation).
"""

from __future__ import annotations

ABSTRACTS = [
    (
        "Integraal werken in de K4: wat het leertraject ons leerde",
        "presentatie",
        "integraal-en-wijkgericht-werken",
        "In Schagen, Den Helder, Hollands Kroon en Texel volgden sociaal werkers, "
        "consulenten en beleidsmakers samen een leertraject integraal en wijkgericht werken. "
        "We laten zien welke casussen we samen oppakten, waar de schotten tussen Wmo, "
        "jeugd en participatie het werk nog hinderden en wat er veranderde toen teams "
        "een gezamenlijk casusoverleg in de wijk kregen. Met uitspraken van inwoners.",
        [("Marloes Bakker", "Gemeente Schagen"), ("Joris de Wit", "Hogeschool Inholland")],
        [("Sanne Visser", "Gemeente Den Helder")],
    ),
    (
        "Samen aan tafel in Hollands Kroon: een betere toegang tot hulp",
        "workshop",
        "toegang-tot-hulp-en-ondersteuning",
        "Het verbetertraject Toegang zocht uit waarom inwoners de weg naar hulp niet "
        "vinden. In deze workshop lopen deelnemers zelf een klantreis door, van de eerste "
        "vraag aan de balie tot het keukentafelgesprek, en bedenken ze in kleine groepen "
        "verbeteringen voor hun eigen gemeente. We delen de vragenlijst en de werkvormen.",
        [("Erik Smit", "Gemeente Hollands Kroon")],
        [("Linda Mulder", "Movisie")],
    ),
    (
        "Bewust sociaal handelen: reflecteren in de dagelijkse praktijk",
        "dialoogsessie",
        "sociale-reflexiviteit",
        "Wat doe je als professional wanneer je eigen normen botsen met die van een "
        "gezin? Het Leeratelier Sociale Reflexiviteit verzamelde dilemma's van sociaal "
        "werkers. In deze dialoogsessie bespreken we er drie, met de reflectiekaart die "
        "het atelier ontwikkelde. Geschikt voor professionals, studenten en docenten.",
        [("Noor Hendriks", "Hogeschool Inholland"), ("Bas Jansen", "DOCK")],
        [],
    ),
    (
        "De klantreis armoede: de mix van online en fysieke hulp",
        "presentatie",
        "blended-hulpverlening",
        "Binnen Blended Effectmeting en Benchmark volgden we inwoners met geldzorgen. "
        "Welke hulp zochten ze online, wanneer wilden ze juist iemand spreken? We tonen "
        "de klantreis in beeld en wat MEE & de Wering veranderde in de eerste lijn. De "
        "resultaten zijn bruikbaar voor iedere organisatie die hulp blended aanbiedt.",
        [("Fatma Yilmaz", "MEE & de Wering")],
        [("Pieter de Boer", "Hogeschool Inholland"), ("Iris Kok", "Adsysco")],
    ),
    (
        "Schoolmaatschappelijk werk online: wat werkt voor jongeren?",
        "pitch",
        "blended-hulpverlening",
        "Een korte pitch over de tweede klantreis van het BEB-project: leerlingen en "
        "schoolmaatschappelijk werkers over chat, videobellen en het gesprek op school.",
        [("Daan Peters", "Hogeschool Inholland")],
        [],
    ),
    (
        "Uitvoering van de participatiewet: lessen uit de IJmond",
        "presentatie",
        "participatiewet-in-uitvoering",
        "IJmond Werkt! onderzocht met de Werkplaats hoe klantmanagers ruimte vinden in "
        "de regels van de participatiewet. We presenteren de uitkomsten van interviews "
        "met klantmanagers en inwoners, en drie afspraken die de uitvoering menselijker "
        "maakten zonder de wet te buigen.",
        [("Hanneke Vos", "IJmond Werkt!")],
        [("Ahmed Benali", "Hogeschool Inholland")],
    ),
    (
        "Schalkwijk inclusief: leren met bewoners in de wijk",
        "workshop",
        "inclusieve-wijk",
        "In Haarlem-Schalkwijk werken bewoners, Haarlem Effect, de gemeente en de "
        "hogeschool aan een inclusieve wijk. Deelnemers oefenen met de werkvorm "
        "'wijkgesprek' die bewoners zelf leiden, en we bespreken hoe je zo'n leerproces "
        "begeleidt zonder het over te nemen.",
        [("Yara Haddou", "Haarlem Effect"), ("Kees van Dam", "Gemeente Haarlem")],
        [],
    ),
    (
        "Bouwen aan een wijk op het gasfabriekterrein",
        "poster",
        "vitale-stadsontwikkeling",
        "Studenten Bouwkunde en Social Work ontwierpen samen met buurtbewoners de "
        "ontmoetingsplekken van de nieuwe wijk op het voormalige gasfabriekterrein in "
        "Alkmaar. De poster toont het ontwerpproces en wat bewoners belangrijk vonden.",
        [("Lotte Verbeek", "Hogeschool Inholland")],
        [("Ruben Schouten", "Gemeente Alkmaar")],
    ),
    (
        "Invloed uitoefenen als sociaal werker: kun je dat leren?",
        "dialoogsessie",
        "sociale-reflexiviteit",
        "Sociaal werkers zien als eersten wat er misgaat in regels en voorzieningen, "
        "maar hoe krijg je dat op de agenda van beleid? We delen ervaringen uit een "
        "leergang en gaan in gesprek over wat professionals nodig hebben om hun stem "
        "te laten horen.",
        [("Mirjam Koster", "DOCK")],
        [("Thijs Bos", "Hogeschool Inholland")],
    ),
    (
        "Wijkteams na corona: wat bleef er van de nieuwe werkwijzen?",
        "presentatie",
        "integraal-en-wijkgericht-werken",
        "Het Leeratelier met DOCK en Haarlem Effect volgde de gevolgen van Covid-19 voor "
        "het sociaal werk. Welke werkwijzen uit de crisistijd bleven, zoals ommetjes en "
        "beeldbellen, en welke verdwenen weer? Een terugblik met cijfers en verhalen.",
        [("Ingrid Dekker", "Haarlem Effect")],
        [("Bas Jansen", "DOCK")],
    ),
    (
        "Ervaringsdeskundigen in de toegang",
        "pitch",
        "toegang-tot-hulp-en-ondersteuning",
        "Een pitch van de cliëntenraad: wat gebeurt er als ervaringsdeskundigen meelopen "
        "bij het eerste gesprek in de toegang? Eerste ervaringen uit de Kop van Noord-Holland.",
        [("Gerard Timmer", "Cliëntenraad Sociaal Domein Kop van Noord-Holland")],
        [],
    ),
    (
        "Een crafting community in de Slachthuisbuurt",
        "workshop",
        "inclusieve-wijk",
        "Wat maakt de Slachthuisbuurt in Haarlem tot een crafting community, waar "
        "bewoners samen maken en herstellen? Deelnemers maken kennis met de methode van "
        "waarderend onderzoek die we gebruikten en passen die toe op hun eigen wijk.",
        [("Esther Kuiper", "Hogeschool Inholland")],
        [("Wim van Leeuwen", "Gemeente Haarlem")],
    ),
]
