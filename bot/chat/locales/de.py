"""German (de): the catalogue's texts and the phrases people use."""

from __future__ import annotations

NAME = "Deutsch"

TEXTS: dict[str, str] = {
    "chat.help": (
        "Ich beschreibe Bilder. Schick mir ein Foto (oder mehrere), und ich sage dir, was ich "
        "sehe.\n\n"
        "Danach kannst du:\n"
        "• eine andere Bildunterschrift verlangen: „nochmal“ oder /again\n"
        "• den Stil ändern: /style funny, „mach es kürzer“, „als Hashtags“ (/style zeigt alle)\n"
        "• Fragen zum Bild stellen (bisher nur auf Englisch): „what is the man holding?“, "
        "„what is on the table?“\n"
        "• dir den Text darin vorlesen lassen: „was steht da?“ oder /read\n"
        "• auf ein früheres Foto oder eine frühere Bildunterschrift antworten, um über dieses "
        "Bild zu sprechen\n\n"
        "Befehle: {commands}"
    ),
    "chat.start": "Hallo! {help}",
    "chat.no_image": (
        "Schick mir zuerst ein Foto, dann schreibe ich eine Bildunterschrift dazu. Danach kannst "
        "du eine andere Bildunterschrift oder einen anderen Stil verlangen oder mich etwas dazu "
        "fragen."
    ),
    "chat.chat": (
        "Ich bin ein Bildunterschriften-Bot: Ich kann nur über Bilder sprechen. Schick mir ein "
        "Foto oder antworte auf eines mit einer Frage wie „what is on the table?“. Mehr dazu "
        "unter /help."
    ),
    "chat.too_long": (
        "Diese Nachricht ist mir zu lang: Bitte schreib weniger als {limit} Zeichen, mit oder "
        "ohne Bild (etwa „mach es lustiger“)."
    ),
    "chat.not_an_image": (
        "Diese Datei sieht nicht nach einem Bild aus. Bitte schick ein Bild ({formats})."
    ),
    "chat.picture_too_big": "Das Bild ist zu groß (die Grenze liegt bei {limit_mb} MB).",
    "chat.download_failed": (
        "Ich konnte das Bild nicht herunterladen. Bitte versuch, es noch einmal zu schicken."
    ),
    "chat.image_gone": (
        "Dieses Bild habe ich nicht mehr (vielleicht nach /forget). Bitte schick es noch einmal."
    ),
    "chat.button_expired": (
        "Dieser Button funktioniert nicht mehr. Schick das Bild noch einmal, dann bekommst du neue."
    ),
    "chat.again_button": "🔁 Nochmal",
    "chat.nothing_new": (
        "Mir fällt zu diesem Bild keine Bildunterschrift mehr ein, die ich nicht schon geschrieben "
        "habe. /history zeigt die bisherigen."
    ),
    "chat.cannot_tell": "Das kann ich auf dem Bild nicht erkennen.",
    "chat.i_see": "Ich sehe: {text}.",
    "chat.understood_nothing": (
        "Ich kann nur beschreiben, was ich sehe, deshalb kann ich das nicht genau beantworten. "
        "Hier ein genauerer Blick: {text}"
    ),
    "chat.album_hint": (
        "Antworte auf eines der Fotos, um seinen Stil zu ändern oder etwas dazu zu fragen."
    ),
    "chat.kept_for_later": (
        "Ich habe dein Bild behalten: Sag „nochmal“, wenn ich es noch einmal versuchen soll."
    ),
    "chat.failed": "Entschuldige, bei mir ist etwas schiefgelaufen. Bitte versuch es noch einmal.",
    "command.style": "Stil der Bildunterschriften ändern oder die Stile anzeigen",
    "command.style.name": "ein Stil: funny, poetic, short, ...",
    "command.again": "Eine andere Bildunterschrift für das aktuelle Bild",
    "command.history": "Die Bildunterschriften des aktuellen Bildes",
    "command.forget": "Alles löschen, was zu diesem Chat gespeichert ist",
    "command.auto": "Jedes hier gepostete Bild beschreiben, oder damit aufhören",
    "command.auto.state": "on oder off",
    "command.help": "Was ich kann",
    "command.start": "Hallo sagen und zeigen, was ich kann",
    "command.groups_only": "(Gruppen)",
    "command.unknown": "/{name} kenne ich nicht. Versuch es mit /help.",
    "auto.usage": "Benutze /auto on oder /auto off. Hier steht es gerade auf „{state}“.",
    "auto.private": "In einem privaten Chat beschreibe ich sowieso jedes Bild, das du schickst.",
    "auto.on": (
        "Automatische Bildunterschriften sind an: Ich beschreibe jedes Bild, das hier gepostet "
        "wird."
    ),
    "auto.off": (
        "Automatische Bildunterschriften sind aus: Erwähne mich oder antworte mir, um eine "
        "Bildunterschrift zu bekommen."
    ),
    "forget.done": (
        "Erledigt. Ich habe alles gelöscht, was ich zu diesem Chat gespeichert hatte: {images} "
        "Bilder mit ihren Bildunterschriften, unser Gespräch und deine Einstellungen."
    ),
    "forget.done_one": (
        "Erledigt. Ich habe alles gelöscht, was ich zu diesem Chat gespeichert hatte: ein Bild "
        "mit seinen Bildunterschriften, unser Gespräch und deine Einstellungen."
    ),
    "forget.done_no_pictures": (
        "Erledigt. Ich habe alles gelöscht, was ich zu diesem Chat gespeichert hatte: unser "
        "Gespräch und deine Einstellungen (Bilder gab es keine)."
    ),
    "forget.nothing": "Zu diesem Chat hatte ich nichts gespeichert.",
    "group.admins_only": (
        "Nur die Admins dieser Gruppe können /{command} hier benutzen: Es ändert den Chat für die "
        "ganze Gruppe."
    ),
    "history.header": "Bildunterschriften zu diesem Bild:",
    "history.caption": "{number}. ({style}) {text}",
    "history.answer": "{number}. F: {question} A: {answer}",
    "history.none": "Noch keine Bildunterschriften. Schick mir ein Foto!",
    "style.list": "Stile (mit /style NAME):",
    "style.list_line": "• {name}: {description}",
    "style.now": "Aktuell: {name}",
    "style.choice": "{name}: {description}",
    "style.unknown": "Den Stil „{name}“ kenne ich nicht.\n{styles}",
    "style.set": "Stil auf {name} gestellt. Schick ein Foto, dann beschreibe ich es so.",
    "style.from_now": "{label} ab jetzt in diesem Chat. Mit /style plain geht es zurück.",
    "style.back_to_plain": "Ab jetzt wieder schlichte Bildunterschriften in diesem Chat.",
    "style.plain.label": "📝 Schlicht",
    "style.plain.description": "nur die Bildunterschrift",
    "style.funny.label": "😄 Lustig",
    "style.funny.description": "die Bildunterschrift mit einem Witz drumherum",
    "style.poetic.label": "🪶 Poetisch",
    "style.poetic.description": "ein kleines Gedicht über das, was ich sehe",
    "style.formal.label": "🎩 Förmlich",
    "style.formal.description": "ein nüchterner, vollständiger Satz",
    "style.short.label": "✂️ Kurz",
    "style.short.description": "so wenige Wörter wie möglich",
    "style.detailed.label": "🔍 Ausführlich",
    "style.detailed.description": "mehr von dem, was ich sehe",
    "style.hashtags.label": "#️⃣ Hashtags",
    "style.hashtags.description": "die Bildunterschrift als Hashtags",
    "style.emoji.label": "✨ Emoji",
    "style.emoji.description": "die Bildunterschrift mit Emojis",
    "caption.error": "Beim Beschreiben ist etwas schiefgelaufen. Bitte versuch es noch einmal.",
    "caption.busy": (
        "Ich beschreibe gerade sehr viele Bilder. Bitte versuch es gleich noch einmal."
    ),
    "caption.timeout": (
        "Das Beschreiben hat diesmal zu lange gedauert. Bitte versuch es noch einmal."
    ),
    "caption.stopped": "Ich starte gerade neu. Bitte schick das in einer Minute noch einmal.",
    "caption.failed": (
        "Beim Beschreiben dieses Bildes ist etwas schiefgelaufen. Bitte versuch es mit einem "
        "anderen."
    ),
    "read.it_says": "Da steht: „{text}“",
    "read.it_says_more": "Da steht: „{text} …“ (noch {more} Zeichen: /read zeigt alles)",
    "read.whole": "Da steht:\n{text}",
    "read.none": "Ich finde auf diesem Bild keinen lesbaren Text.",
    "read.not_read": (
        "Den Text auf diesem Bild konnte ich beim Empfang nicht lesen (die Texterkennung war aus "
        "oder ist fehlgeschlagen). Schick es noch einmal, dann versuche ich es erneut."
    ),
    "command.read": "Den Text im Bild vorlesen",
    "command.alt": "Alt-Text für das Bild, fertig zum Einfügen",
    "read.alt": "{caption}. Text im Bild: „{text}“",
    "read.alt_plain": "{caption}.",
    "model.demo": (
        "🧪 Demo-Modell: Es kennt nur farbige Formen und kann deshalb keine echten Fotos "
        "beschreiben."
    ),
    "model.demo_fallback": (
        "🧪 Demo-Modell: Das vollständige Modell für Bildunterschriften ist auf diesem Server "
        "nicht verfügbar, deshalb antwortet ein winziges Demo-Modell. Es kennt nur farbige Formen "
        "und kann deshalb keine echten Fotos beschreiben."
    ),
    "model.random": (
        "🧪 Testmodell mit zufälligen Gewichten (für Geschwindigkeitstests): Seine "
        "Bildunterschriften sind bedeutungslos."
    ),
    "caption.unreadable": (
        "Das Modell hat für dieses Bild keine lesbare Bildunterschrift erzeugt (nur einzelne "
        "Zeichen), deshalb kann ich dir nichts zeigen."
    ),
    "caption.unavailable": (
        "Bildunterschriften sind gerade nicht verfügbar. Bitte versuch es in einer Weile noch "
        "einmal."
    ),
    "image.unreadable": "Entschuldige, ich konnte dieses Bild nicht lesen.",
    "image.not_an_image": (
        "Diese Datei sieht nicht nach einem Bild aus, das ich lesen kann. Bitte schick ein Bild "
        "({formats})."
    ),
    "image.truncated": (
        "Dieses Bild scheint unvollständig oder beschädigt zu sein. Kannst du es noch einmal "
        "schicken?"
    ),
    "image.empty": "Diese Datei ist leer. Bitte schick ein Foto.",
    "image.too_large": (
        "Diese Datei ist zu groß ({size_mb} MB). Bitte schick ein Bild unter {limit_mb} MB."
    ),
    "image.too_many_pixels": (
        "Dieses Bild hat zu viele Pixel. Bitte schick eines mit weniger als {megapixels:g} "
        "Megapixeln."
    ),
    "image.too_many_pixels_sized": (
        "Dieses Bild hat zu viele Pixel ({width}x{height} Pixel). "
        "Bitte schick eines mit weniger als {megapixels:g} Megapixeln."
    ),
    "telegram.too_big": (
        "Diese Datei ist größer als 20 MB, mehr, als Telegram Bots herunterladen lässt. Bitte "
        "schick sie als Foto (Telegram komprimiert es) oder als kleinere Datei."
    ),
    "discord.caption": "Ein Bild beschreiben",
    "discord.caption.image": "das Bild, das beschrieben werden soll",
    "discord.caption.style": "wie die Bildunterschrift klingen soll",
    "discord.context_menu": "Bild beschreiben",
    "web.cross_site": "Anfragen von anderen Websites werden nicht angenommen.",
    "web.not_a_form": "Schick die Nachricht als Formular (multipart/form-data).",
    "web.text_not_text": "Das Textfeld muss Text enthalten.",
    "web.image_not_file": "Das Bildfeld muss eine Datei sein.",
    "web.button_not_json": 'Schick den Button als JSON: {{"payload": ...}}.',
    "web.button_no_payload": "Ein Klick auf einen Button braucht eine Payload.",
    "web.no_such_picture": "Dieses Bild gibt es in diesem Chat nicht.",
    "web.restarting": (
        "Captionist startet gerade neu. Deine Nachricht wird gleich noch einmal gesendet."
    ),
    "web.unavailable": (
        "Captionist kann gerade keine Nachrichten speichern. Deine wird noch einmal gesendet."
    ),
    "style.catchy.label": "📣 Eingängig",
    "style.catchy.description": "eine Bildunterschrift für Social Media, mit Hashtags",
    "chat.cannot_tell_but": "Das kann ich auf dem Bild nicht erkennen. Was ich sehe: {text}.",
    "chat.needs_llm": (
        "Dafür braucht es ein Sprachmodell, und für mich ist keins eingerichtet: Allein kann ich "
        "nur Bilder beschreiben und einfache Fragen dazu beantworten. Wer diesen Bot betreibt, "
        "kann eins anbinden (jeden OpenAI-kompatiblen Server, etwa Ollama), mit LLM_BASE_URL und "
        "LLM_MODEL."
    ),
    "talk.thanks": "Gern geschehen! Schick einfach ein weiteres Foto, wann immer du willst.",
    "talk.hello": "Hallo! Schick mir ein Foto, und ich sage dir, was ich sehe.",
    "talk.who": (
        "Ich bin Captionist, ein Bot, der Bilder beschreibt. Schick mir ein Foto und verlang dann "
        "eine andere Bildunterschrift oder einen anderen Stil, oder frag mich etwas dazu. Mehr "
        "unter /help."
    ),
    "talk.how_are_you": "Mir geht's gut, danke, und ich bin bereit für dein nächstes Bild!",
    "talk.bye": "Tschüss! Ich bin da, wenn du wieder ein Bild hast.",
    "talk.praise": "Danke! 😊",
    "access.not_allowed": (
        "Entschuldige, dieser Bot ist privat: Er antwortet nur den Leuten, für die er "
        "eingerichtet wurde."
    ),
    "access.blocked": (
        "Entschuldige, der Betreiber dieses Bots hat diesen Chat oder dieses Konto gesperrt."
    ),
    "limit.hour": (
        "Du hast das Limit von {limit} Bildern pro Stunde erreicht. Das nächste kannst du um "
        "{at} schicken (in {wait})."
    ),
    "limit.day": (
        "Du hast das Limit von {limit} Bildern pro Tag erreicht. Das nächste kannst du um {at} "
        "schicken (in {wait})."
    ),
    "command.privacy": "Was ich über diesen Chat speichere und wohin Bilder gehen",
    "command.stats": "Nutzung und Zustand (Admins)",
    "command.block": "Nutzer oder Chat sperren: /block platform:id (Admins)",
    "command.unblock": "Sperre aufheben: /unblock platform:id (Admins)",
    "command.block.id": "platform:id, z. B. telegram:123456",
    "help.admin": "Admin-Befehle: {commands}",
    "privacy.stored": (
        "Was ich über diesen Chat speichere: die Bilder, die mir geschickt werden (jeweils eine "
        "kleine Kopie), den Text, den ich darin lese, meine Bildunterschriften und Antworten, "
        "was darüber gesagt wurde, und die Einstellungen des Chats."
    ),
    "privacy.kept": (
        "Ich behalte die letzten {images} Bilder eines Chats, keines älter als {days} Tage; "
        "ältere werden mitsamt dem, was darüber gesagt wurde, gelöscht."
    ),
    "privacy.kept_count": (
        "Ich behalte die letzten {images} Bilder eines Chats; ältere werden gelöscht."
    ),
    "privacy.where_here": (
        "Bilder werden auf dem eigenen Rechner dieses Bots beschrieben, und ihr Text wird dort "
        "gelesen; sie gehen nirgendwo anders hin."
    ),
    "privacy.where_worker": (
        "Bilder werden vom Caption-Worker dieses Bots ({hosts}) beschrieben, und ihr Text wird "
        "dort gelesen; er speichert nichts."
    ),
    "privacy.where_llm": (
        "Bildunterschriften und deine Fragen werden außerdem an einen Sprachmodell-Anbieter "
        "({provider}) geschickt."
    ),
    "privacy.where_here_and_llm": (
        "Bilder werden auf dem eigenen Rechner dieses Bots beschrieben; sie gehen außerdem an "
        "den unten genannten Sprachmodell-Anbieter."
    ),
    "privacy.where_llm_vision": (
        "Deine Bilder, ihre Bildunterschriften und deine Fragen werden außerdem an einen "
        "Sprachmodell-Anbieter ({provider}) geschickt."
    ),
    "privacy.forget": (
        "/forget löscht alles, was zu diesem Chat gespeichert ist, auf einmal: Bilder, "
        "Bildunterschriften, Gespräch und Einstellungen."
    ),
    "privacy.language": (
        "Wenn du mit /language eine Sprache gewählt hast, speichere ich diese Wahl (deine, "
        "nicht die des Chats); /language auto löscht sie."
    ),
    "stats.report": (
        "Heute (UTC, dieser Prozess): {pictures} Bild(er) von {people} Person(en)\n"
        "Antwortzeit: p50 {p50}, p95 {p95} (letzte Antworten dieses Prozesses)\n"
        "Warteschlange: {inbox} Ereignis(se) wartend, {engine} Bild(er) warten auf das Modell\n"
        "Protokollierte Fehler: {errors} ({error_kinds})\n"
        "Modell: {model} auf {device} ({precision})\n"
        "Gesperrte IDs: {blocked}"
    ),
    "block.usage": "Benutze /{command} platform:id, z. B. /{command} telegram:123456.",
    "block.admin": "{key} ist ein Admin: Admins können nicht gesperrt werden.",
    "block.already": "{key} ist bereits gesperrt.",
    "block.done": "{key} ist gesperrt: Ich antworte dort nicht mehr.",
    "unblock.not_blocked": "{key} ist nicht gesperrt.",
    "unblock.done": "Sperre für {key} aufgehoben.",
    "command.language": "Die Sprache wählen, in der ich dir schreibe",
    "command.language.code": "ein Sprachcode: en, de, es, ... oder auto",
    "language.list": "Sprachen, die ich spreche (mit /language CODE):",
    "language.list_line": "• {code}: {name}",
    "language.current_chosen": (
        "Aktuell: {name}, wie von dir gewählt. Mit /language auto folge ich wieder deiner App."
    ),
    "language.current_auto": "Aktuell: {name}, nach der Sprache deiner App.",
    "language.set": "Okay, ab jetzt schreibe ich dir auf Deutsch.",
    "language.auto": "Okay, ich folge wieder der Sprache deiner App: {name}.",
    "language.unknown": "„{code}“ spreche ich noch nicht.\n{languages}",
    "question.english_only": (
        "Fragen zu Bildern verstehe ich bisher nur auf Englisch, zum Beispiel "
        "„what is the man holding?“. Frag mich auf Englisch oder schick ein anderes Foto."
    ),
    "frame.funny.1": "Eilmeldung: „{c}“ in freier Wildbahn gesichtet. Experten sind ratlos.",
    "frame.funny.2": "POV: Du bist „{c}“, und jemand hat gerade ein Foto von dir gemacht.",
    "frame.funny.3": "{C}. Das war's. Das ist die ganze Handlung.",
    "frame.funny.4": "Plot-Twist: „{c}“ war die ganze Zeit die Hauptfigur.",
    "frame.funny.5": "Ich, wie ich versuche, lässig auszusehen: {c}.",
    "frame.poetic.1": (
        "Sieh nur: {c},\nstill unter dem Licht;\n{d} – der Augenblick hält den Atem an."
    ),
    "frame.poetic.2": (
        "In diesem kleinen Rahmen wohnt „{c}“,\nund ringsum wird der Tag still;\n{d}, ganz sacht."
    ),
    "frame.poetic.3": "{C} –\ndie Welt hält inne,\nund das Bild erinnert sich: {d}.",
    "frame.formal.1": "Das Bild zeigt: {c}.",
    "frame.formal.2": "Diese Fotografie zeigt: {c}.",
    "frame.detailed.closer": "Bei genauerem Hinsehen:",
    "frame.catchy.1": "{C} ✨",
    "frame.catchy.2": "Vor die Kamera gelaufen: {c} 📸",
    "frame.catchy.3": "Total verliebt in: {c} 📸",
    "frame.catchy.4": "Stimmung des Tages: {c} 💫",
    "discord.alt_menu": "Als Alt-Text beschreiben",
    "feedback.up_button": "👍",
    "feedback.down_button": "👎",
    "feedback.thanks_up": "Danke! Schön, dass die Bildunterschrift passt. 👍",
    "feedback.ask": (
        "Schade, da lag ich wohl daneben. Was ist auf dem Bild zu sehen? Schick mir als nächste "
        "Nachricht eine bessere Bildunterschrift (oder /correct eine Katze auf einem Sofa)."
    ),
    "feedback.thanks_correction": "Danke! Ich merke mir, dass dieses Bild „{correction}“ zeigt.",
    "feedback.unusable": (
        "Das kann ich nicht als Bildunterschrift verwenden: Bitte schreib in Worten, was auf dem "
        "Bild zu sehen ist, mit höchstens {limit} Zeichen."
    ),
    "feedback.correct_usage": (
        "Schreib die bessere Bildunterschrift hinter den Befehl, zum Beispiel: "
        "/correct eine Katze auf einem Sofa"
    ),
    "feedback.off": "Das Bewerten von Bildunterschriften ist bei diesem Bot ausgeschaltet.",
    "command.correct": "Eine bessere Bildunterschrift für das aktuelle Bild angeben",
    "command.correct.caption": "was auf dem Bild zu sehen ist",
    "privacy.feedback": (
        "Wenn du eine Bildunterschrift bewertest oder korrigierst, behalte ich das zusammen mit "
        "dem Bild bis zu {days} Tage lang (länger als andere Bilder), um das Modell für "
        "Bildunterschriften zu verbessern; /forget löscht auch das."
    ),
    "stats.feedback": "Bewertungen: {ratings}",
    "stats.feedback_model": (
        "{model}: {approval} 👍 bei {rated} Bewertungen, {corrections} Korrekturen"
    ),
    "stats.feedback_none": "noch keine",
}

# Whole messages (lowercased, punctuation removed, POLITE words removed before matching) that ask
# for another caption of the same picture. "mal" is a POLITE word, so "noch mal" arrives as
# "noch" and "mach noch mal" as "mach noch": both forms are listed.
AGAIN: tuple[str, ...] = (
    "nochmal",
    "noch mal",
    "noch",
    "nochmals",
    "noch einmal",
    "erneut",
    "wieder",
    "neu",
    "noch eine",
    "noch einen",
    "noch eins",
    "noch ein versuch",
    "eine andere",
    "einen anderen",
    "eine neue",
    "eine andere bildunterschrift",
    "andere bildunterschrift",
    "neue bildunterschrift",
    "eine neue bildunterschrift",
    "andere beschreibung",
    "neue beschreibung",
    "eine andere beschreibung",
    "eine neue beschreibung",
    "anderer text",
    "neuer text",
    "neuer versuch",
    "versuchs nochmal",
    "versuchs noch mal",
    "versuchs noch",
    "versuch es nochmal",
    "versuch es noch mal",
    "versuch es noch",
    "versuch es noch einmal",
    "versuchs erneut",
    "versuch es erneut",
    "probiers nochmal",
    "probier es nochmal",
    "probier es noch",
    "nochmal versuchen",
    "noch mal versuchen",
    "noch versuchen",
    "mach nochmal",
    "mach noch mal",
    "mach noch",
    "mach es nochmal",
    "mach es noch",
    "mach neu",
    "mach es neu",
    "mach es anders",
    "wiederholen",
    "neu generieren",
    "neu beschreiben",
)
# Whole messages asking to read out the text in the picture.
READ: tuple[str, ...] = (
    "was steht da",
    "was steht da drauf",
    "was steht drauf",
    "was steht darauf",
    "was steht dort",
    "was steht hier",
    "was steht auf dem schild",
    "was steht auf dem bild",
    "was steht auf dem foto",
    "was steht im bild",
    "was steht da geschrieben",
    "was steht geschrieben",
    "was ist da geschrieben",
    "was ist geschrieben",
    "was ist darauf geschrieben",
    "was sagt der text",
    "was sagt das schild",
    "welcher text steht da",
    "wie lautet der text",
    "lies vor",
    "lies das",
    "lies das vor",
    "lies es vor",
    "lies den text",
    "lies den text vor",
    "lies mir den text vor",
    "lies mir das vor",
    "vorlesen",
    "text vorlesen",
    "den text vorlesen",
    "text lesen",
    "kannst du das lesen",
    "kannst du den text lesen",
    "transkribieren",
    "transkribiere",
    "transkribiere das",
    "transkribier das",
    "transkribiere den text",
    "schreib den text ab",
)
# Whole messages asking for alt text.
ALT: tuple[str, ...] = (
    "alt-text",
    "alttext",
    "alternativtext",
    "alternativer text",
    "einen alt-text",
    "einen alternativtext",
    "alt-text dafür",
    "alternativtext dafür",
    "schreib einen alt-text",
    "schreib einen alternativtext",
    "gib mir einen alt-text",
    "gib mir einen alternativtext",
    "bildbeschreibung für alt-text",
    "bildbeschreibung für den alt-text",
    "beschreibung für den alt-text",
    "beschreib es für den alt-text",
    "bildbeschreibung für barrierefreiheit",
)
# Words dropped before whole-message matching.
POLITE: tuple[str, ...] = (
    "bitte",
    "bitteschön",
    "bitte schön",
    "mal",
    "doch",
    "gern",
    "gerne",
)
# Words or short phrases that, found anywhere in a message, ask for a caption style.
STYLES: dict[str, tuple[str, ...]] = {
    "plain": (
        "schlicht",
        "schlichter",
        "schlichte",
        "ohne schnickschnack",
        "ganz normal",
        "normale bildunterschrift",
        "nur die bildunterschrift",
        "einfache bildunterschrift",
    ),
    "funny": (
        "lustig",
        "lustiger",
        "lustige",
        "lustiges",
        "witzig",
        "witziger",
        "witzige",
        "witziges",
        "humorvoll",
        "humorvoller",
        "mit humor",
        "mit witz",
        "mit einem witz",
        "spaßig",
        "spassig",
        "zum lachen",
    ),
    "poetic": (
        "poetisch",
        "poetischer",
        "poetische",
        "gedicht",
        "als gedicht",
        "lyrisch",
        "lyrischer",
        "poesie",
        "gereimt",
        "in reimen",
    ),
    "formal": (
        "förmlich",
        "förmlicher",
        "foermlich",
        "formell",
        "formeller",
        "seriös",
        "seriöser",
        "serioes",
        "sachlich",
        "sachlicher",
        "nüchtern",
        "nuechtern",
        "professionell",
        "professioneller",
    ),
    "short": (
        "ganz kurz",
        "kürzer",
        "kuerzer",
        "kurze",
        "kurzes",
        "kürzen",
        "kuerzen",
        "knapp",
        "knapper",
        "weniger wörter",
        "weniger woerter",
        "kurzfassung",
    ),
    "detailed": (
        "detailliert",
        "detaillierter",
        "ausführlich",
        "ausführlicher",
        "ausfuehrlich",
        "ausfuehrlicher",
        "genauer",
        "mehr details",
        "mehr einzelheiten",
        "länger",
        "laenger",
        "erzähl mehr",
        "erzähl mir mehr",
        "erzaehl mehr",
    ),
    "hashtags": (
        "als hashtags",
        "mit hashtags",
        "als hashtag",
        "mit hashtag",
    ),
    "emoji": (
        "mit emojis",
        "mit emoji",
        "als emojis",
        "mehr emojis",
        "mit smileys",
        "mit emoticons",
    ),
    "catchy": (
        "eingängig",
        "eingängiger",
        "eingaengig",
        "knackig",
        "knackiger",
        "griffig",
        "griffiger",
        "peppig",
        "peppiger",
        "werbewirksam",
        "für social media",
        "fuer social media",
        "für instagram",
        "für insta",
    ),
}
# Greetings, thanks and goodbyes (whole message starts with one of these).
TALK: dict[str, tuple[str, ...]] = {
    "thanks": (
        "danke",
        "dankeschön",
        "danke schön",
        "dankesehr",
        "danke sehr",
        "danke dir",
        "dank dir",
        "vielen dank",
        "vielen lieben dank",
        "besten dank",
        "herzlichen dank",
        "tausend dank",
    ),
    "hello": (
        "hallo",
        "hallöchen",
        "servus",
        "moin",
        "moinsen",
        "guten morgen",
        "guten tag",
        "guten abend",
        "grüß dich",
        "gruess dich",
        "grüß gott",
        "grüezi",
        "gruezi",
        "tach",
        "huhu",
    ),
    "bye": (
        "tschüss",
        "tschüs",
        "tschuess",
        "tschüssi",
        "tschau",
        "auf wiedersehen",
        "auf wiederschauen",
        "bis bald",
        "bis später",
        "bis spaeter",
        "bis dann",
        "bis morgen",
        "gute nacht",
        "machs gut",
        "mach's gut",
        "ade",
    ),
}
