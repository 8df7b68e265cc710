"""Language identification on sentences written for these tests (not taken from any article)."""

from __future__ import annotations

import pickle

import pytest

from communique.clean.language import LONG_TEXT_CHARS, SUPPORTED_LANGUAGES, LanguageIdentifier
from communique.errors import UsageError

# (language, headline, one sentence, a paragraph), all invented for these tests.
SAMPLES: list[tuple[str, str, str, str]] = [
    (
        "en",
        "Talks resume in Geneva after a long pause",
        "The two delegations met in Geneva on Friday and agreed to resume talks next week.",
        (
            "Negotiators from both sides said after a twelve-hour session that they had "
            "narrowed their differences on the exchange of prisoners, but the question of who "
            "would monitor a ceasefire along the border remained open. A spokesman for the "
            "mediators said a further round was planned before the end of the month."
        ),
    ),
    (
        "de",
        "Gespräche in Genf nach langer Pause fortgesetzt",
        (
            "Die beiden Delegationen trafen sich am Freitag in Genf und vereinbarten, die "
            "Gespräche fortzusetzen."
        ),
        (
            "Nach einer zwölfstündigen Sitzung erklärten die Unterhändler beider Seiten, sie "
            "hätten ihre Differenzen beim Gefangenenaustausch verringert. Offen bleibe jedoch "
            "die Frage, wer eine Waffenruhe entlang der Grenze überwachen solle. Ein Sprecher "
            "der Vermittler sagte, vor Ende des Monats sei eine weitere Runde geplant."
        ),
    ),
    (
        "fr",
        "Reprise des pourparlers à Genève après une longue pause",
        (
            "Les deux délégations se sont rencontrées vendredi à Genève et ont convenu de "
            "reprendre les discussions."
        ),
        (
            "Après une séance de douze heures, les négociateurs des deux camps ont déclaré "
            "avoir réduit leurs divergences sur l'échange de prisonniers, mais la question de "
            "savoir qui surveillerait un cessez-le-feu le long de la frontière reste ouverte. "
            "Un porte-parole des médiateurs a indiqué qu'une nouvelle série de pourparlers "
            "était prévue avant la fin du mois."
        ),
    ),
    (
        "es",
        "Se reanudan las conversaciones en Ginebra tras una larga pausa",
        (
            "Las dos delegaciones se reunieron el viernes en Ginebra y acordaron reanudar las "
            "conversaciones."
        ),
        (
            "Tras una sesión de doce horas, los negociadores de ambas partes dijeron que "
            "habían reducido sus diferencias sobre el intercambio de prisioneros, pero la "
            "cuestión de quién vigilaría un alto el fuego a lo largo de la frontera sigue "
            "abierta. Un portavoz de los mediadores dijo que está prevista otra ronda antes de "
            "que termine el mes."
        ),
    ),
    (
        "it",
        "Riprendono i colloqui a Ginevra dopo una lunga pausa",
        (
            "Le due delegazioni si sono incontrate venerdì a Ginevra e hanno concordato di "
            "riprendere i colloqui."
        ),
        (
            "Dopo una sessione di dodici ore, i negoziatori di entrambe le parti hanno "
            "affermato di aver ridotto le loro divergenze sullo scambio di prigionieri, ma "
            "resta aperta la questione di chi dovrebbe sorvegliare un cessate il fuoco lungo "
            "il confine. Un portavoce dei mediatori ha detto che un nuovo round è previsto "
            "prima della fine del mese."
        ),
    ),
    (
        "pt",
        "Conversações retomadas em Genebra após longa pausa",
        (
            "As duas delegações reuniram-se na sexta-feira em Genebra e concordaram em retomar "
            "as conversações."
        ),
        (
            "Depois de uma sessão de doze horas, os negociadores de ambos os lados disseram "
            "que tinham reduzido as suas divergências sobre a troca de prisioneiros, mas a "
            "questão de quem vai fiscalizar um cessar-fogo ao longo da fronteira continua em "
            "aberto. Um porta-voz dos mediadores disse que está prevista uma nova ronda antes "
            "do fim do mês."
        ),
    ),
    (
        "nl",
        "Gesprekken in Genève hervat na lange pauze",
        (
            "De twee delegaties kwamen vrijdag in Genève bijeen en spraken af de gesprekken "
            "volgende week te hervatten."
        ),
        (
            "Na een zitting van twaalf uur zeiden de onderhandelaars van beide kanten dat ze "
            "hun meningsverschillen over de uitwisseling van gevangenen hadden verkleind, maar "
            "de vraag wie een wapenstilstand langs de grens zou bewaken blijft open. Een "
            "woordvoerder van de bemiddelaars zei dat er voor het einde van de maand een "
            "nieuwe ronde gepland is."
        ),
    ),
    (
        "pl",
        "Rozmowy w Genewie wznowione po długiej przerwie",
        (
            "Obie delegacje spotkały się w piątek w Genewie i uzgodniły wznowienie rozmów w "
            "przyszłym tygodniu."
        ),
        (
            "Po dwunastogodzinnym posiedzeniu negocjatorzy obu stron powiedzieli, że "
            "zmniejszyli różnice w sprawie wymiany jeńców, ale pytanie, kto będzie nadzorował "
            "zawieszenie broni wzdłuż granicy, pozostaje otwarte. Rzecznik mediatorów "
            "powiedział, że kolejna runda jest planowana przed końcem miesiąca."
        ),
    ),
    (
        "ru",
        "Переговоры в Женеве возобновились после долгой паузы",
        (
            "Обе делегации встретились в пятницу в Женеве и договорились возобновить "
            "переговоры на следующей неделе."
        ),
        (
            "После двенадцатичасового заседания переговорщики обеих сторон заявили, что им "
            "удалось сократить разногласия по обмену пленными, однако вопрос о том, кто будет "
            "следить за прекращением огня вдоль границы, остаётся открытым. Представитель "
            "посредников сообщил, что следующий раунд запланирован до конца месяца."
        ),
    ),
    (
        "uk",
        "Переговори в Женеві відновилися після довгої перерви",
        (
            "Обидві делегації зустрілися в п'ятницю в Женеві й домовилися відновити переговори "
            "наступного тижня."
        ),
        (
            "Після дванадцятигодинного засідання переговорники обох сторін заявили, що їм "
            "вдалося скоротити розбіжності щодо обміну полоненими, проте питання про те, хто "
            "стежитиме за припиненням вогню вздовж кордону, залишається відкритим. Речник "
            "посередників повідомив, що наступний раунд заплановано до кінця місяця."
        ),
    ),
    (
        "tr",
        "Cenevre'de görüşmeler uzun bir aradan sonra yeniden başladı",
        (
            "İki heyet cuma günü Cenevre'de bir araya geldi ve görüşmelere gelecek hafta devam "
            "etme konusunda anlaştı."
        ),
        (
            "On iki saat süren oturumun ardından iki tarafın müzakerecileri, esir takası "
            "konusundaki görüş ayrılıklarını azalttıklarını söyledi; ancak sınır boyunca "
            "ateşkesi kimin denetleyeceği sorusu hâlâ yanıt bekliyor. Arabulucuların sözcüsü, "
            "ay sonundan önce yeni bir tur planlandığını açıkladı."
        ),
    ),
    (
        "ar",
        "استئناف المحادثات في جنيف بعد توقف طويل",
        "التقى الوفدان يوم الجمعة في جنيف واتفقا على استئناف المحادثات الأسبوع المقبل.",
        (
            "بعد جلسة استمرت اثنتي عشرة ساعة، قال المفاوضون من الجانبين إنهم قلصوا خلافاتهم "
            "بشأن تبادل الأسرى، لكن مسألة من سيراقب وقف إطلاق النار على طول الحدود لا تزال "
            "مفتوحة. وقال متحدث باسم الوسطاء إن جولة جديدة مقررة قبل نهاية الشهر."
        ),
    ),
    (
        "fa",
        "ازسرگیری گفتگوها در ژنو پس از وقفه\u200cای طولانی",
        (
            "دو هیئت روز جمعه در ژنو دیدار کردند و توافق کردند که گفتگوها را هفته آینده از سر "
            "بگیرند."
        ),
        (
            "پس از یک نشست دوازده ساعته، مذاکره\u200cکنندگان دو طرف گفتند که اختلافات خود را "
            "درباره تبادل اسیران کاهش داده\u200cاند، اما این پرسش که چه کسی بر آتش\u200cبس در "
            "امتداد مرز نظارت خواهد کرد همچنان باز است. سخنگوی میانجی\u200cها گفت دور "
            "تازه\u200cای پیش از پایان ماه برنامه\u200cریزی شده است."
        ),
    ),
    (
        "zh",
        "日内瓦谈判在长期中断后恢复",
        "两国代表团周五在日内瓦会面，同意下周恢复谈判。",
        (
            "经过长达十二个小时的会议，双方谈判代表表示，他们在交换战俘问题上缩小了分歧，但由谁"
            "来监督边境沿线的停火仍然悬而未决。调解方发言人说，计划在月底之前举行新一轮会谈。"
        ),
    ),
    (
        "ja",
        "ジュネーブでの交渉、長い中断を経て再開",
        "両国の代表団は金曜日にジュネーブで会談し、来週交渉を再開することで合意した。",
        (
            "十二時間に及ぶ会合の後、双方の交渉担当者は捕虜交換をめぐる意見の相違を縮めたと述べ"
            "たが、国境沿いの停戦を誰が監視するのかという問題は未解決のままだ。仲介者の報道官は"
            "、月末までに新たな協議を行う予定だと語った。"
        ),
    ),
    (
        "ko",
        "제네바 협상, 오랜 중단 끝에 재개",
        "양국 대표단은 금요일 제네바에서 만나 다음 주에 협상을 재개하기로 합의했다.",
        (
            "열두 시간에 걸친 회의 끝에 양측 협상 대표들은 포로 교환 문제에 대한 이견을 "
            "좁혔다고 밝혔지만, 국경을 따라 휴전을 누가 감시할 것인지에 대한 문제는 여전히 "
            "해결되지 않았다. 중재자 측 대변인은 이달 말 전에 새로운 회담이 예정되어 있다고 "
            "말했다."
        ),
    ),
]

# Two-to-four-word headlines: where the trigram-only detector is known to slip.
HEADLINES: list[tuple[str, str]] = [
    ("en", "Ceasefire holds in the north"),
    ("de", "Waffenruhe hält"),
    ("fr", "Accord de paix signé"),
    ("es", "Acuerdo de paz firmado"),
    ("it", "Accordo di pace firmato"),
    ("pt", "Acordo de paz assinado"),
    ("nl", "Vredesakkoord getekend"),
    ("pl", "Podpisano porozumienie pokojowe"),
    ("ru", "Подписано мирное соглашение"),
    ("uk", "Підписано мирну угоду"),
    ("tr", "Barış anlaşması imzalandı"),
    ("zh", "谈判恢复"),
    ("ja", "交渉が再開"),
    ("ko", "협상 재개"),
]


_IDS = [code for code, *_ in SAMPLES]
_LOW = LanguageIdentifier(low_accuracy=True)


@pytest.fixture(scope="module")
def identifier() -> LanguageIdentifier:
    return LanguageIdentifier()


def test_samples_cover_every_supported_language() -> None:
    assert sorted(code for code, *_ in SAMPLES) == sorted(SUPPORTED_LANGUAGES)
    # Scripts without spaces say as much in fewer characters; the rest must reach the cut.
    assert all(len(p) >= LONG_TEXT_CHARS for c, *_, p in SAMPLES if c not in {"zh", "ja", "ko"})


@pytest.mark.slow
@pytest.mark.parametrize(("code", "title", "sentence", "paragraph"), SAMPLES, ids=_IDS)
def test_identifies_each_language(
    identifier: LanguageIdentifier, code: str, title: str, sentence: str, paragraph: str
) -> None:
    assert identifier.identify(title) == code
    assert identifier.identify(sentence) == code
    assert identifier.identify(paragraph) == code


@pytest.mark.slow
@pytest.mark.parametrize(("code", "headline"), HEADLINES, ids=[c for c, _ in HEADLINES])
def test_short_headlines_use_the_full_models(
    identifier: LanguageIdentifier, code: str, headline: str
) -> None:
    assert identifier.identify(headline) == code


@pytest.mark.parametrize(("code", "title", "sentence", "paragraph"), SAMPLES, ids=_IDS)
def test_low_accuracy_mode_is_right_on_paragraphs(
    code: str, title: str, sentence: str, paragraph: str
) -> None:
    assert _LOW.identify(paragraph) == code
    assert _LOW.identify(paragraph * 60) == code  # long texts are sampled, not refused


@pytest.mark.parametrize("text", ["", "   ", "42", "— 12:30 —", "1 2 3 4 5 6 7 8", "ab"])
def test_too_little_text_has_no_language(text: str) -> None:
    assert _LOW.identify(text) is None


@pytest.mark.parametrize(
    ("languages", "message"),
    [(["en"], "at least two"), (["en", "xx"], "'xx'"), ([], "at least two")],
)
def test_rejects_bad_language_lists(languages: list[str], message: str) -> None:
    with pytest.raises(UsageError, match=message):
        LanguageIdentifier(languages=languages)


def test_restricting_languages_restricts_answers() -> None:
    spanish = next(paragraph for code, *_, paragraph in SAMPLES if code == "es")
    assert LanguageIdentifier(languages=["en", "pt"], low_accuracy=True).identify(spanish) == "pt"


def test_pickles_without_its_models() -> None:
    identifier = LanguageIdentifier(languages=("EN", "de", "en"), low_accuracy=True)
    identifier.identify("The delegations met again in the afternoon to go on talking.")
    copy = pickle.loads(pickle.dumps(identifier))
    assert copy.languages == ("en", "de")
    assert copy.identify("Die Delegationen trafen sich am Nachmittag erneut.") == "de"
