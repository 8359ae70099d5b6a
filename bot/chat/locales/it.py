"""Italian (it): the catalogue's texts and the phrases people use."""

from __future__ import annotations

NAME = "Italiano"

TEXTS: dict[str, str] = {
    "chat.help": (
        "Scrivo didascalie per le foto. Mandami una foto (o più di una) e ti dico cosa vedo.\n\n"
        "Poi puoi:\n"
        "• chiedere un'altra didascalia: «ancora» o /again\n"
        "• cambiare stile: /style funny, «più corta», «con hashtag» (/style li elenca tutti)\n"
        "• fare domande sulla foto (per ora in inglese): «what is the man holding?», "
        "«what is on the table?»\n"
        "• farti leggere il testo: «cosa c'è scritto?» o /read\n"
        "• rispondere a una foto o a una didascalia precedente per parlare di quell'immagine\n\n"
        "Comandi: {commands}"
    ),
    "chat.start": "Ciao! {help}",
    "chat.no_image": (
        "Prima mandami una foto e ci scrivo una didascalia. Poi puoi chiedermene un'altra, "
        "cambiare stile o farmi domande sulla foto."
    ),
    "chat.chat": (
        "Sono un bot che scrive didascalie: posso parlare solo di immagini. Mandami una foto o "
        "rispondi a una con una domanda come «what is on the table?». Con /help scopri di più."
    ),
    "chat.too_long": (
        "Questo messaggio è troppo lungo per me: scrivi meno di {limit} caratteri, "
        "con o senza foto (tipo «rendila divertente»)."
    ),
    "chat.not_an_image": "Questo file non sembra un'immagine. Mandami una foto ({formats}).",
    "chat.picture_too_big": "Questa foto è troppo grande (il limite è {limit_mb} MB).",
    "chat.download_failed": "Non sono riuscito a scaricare la foto. Prova a mandarla di nuovo.",
    "chat.image_gone": (
        "Non ho più quella foto (forse dopo /forget). Mandamela di nuovo, per favore."
    ),
    "chat.button_expired": (
        "Quel pulsante non funziona più. Manda di nuovo la foto per averne di nuovi."
    ),
    "chat.again_button": "🔁 Ancora",
    "chat.nothing_new": (
        "Non mi viene in mente nessuna didascalia per questa foto che non ti abbia già dato. "
        "Con /history vedi quelle finora."
    ),
    "chat.cannot_tell": "Dalla foto non riesco a capirlo.",
    "chat.i_see": "Vedo questo: {text}.",
    "chat.understood_nothing": (
        "Posso solo descrivere quello che vedo, quindi non so rispondere esattamente a questo. "
        "Guardando più da vicino: {text}"
    ),
    "chat.album_hint": "Rispondi a una delle foto per cambiarne lo stile o per farmi domande.",
    "chat.kept_for_later": ("Ho tenuto la tua foto: scrivi «ancora» quando vuoi che ci riprovi."),
    "chat.failed": "Scusa, qualcosa è andato storto da parte mia. Riprova.",
    "command.style": "Cambia lo stile delle didascalie o mostra gli stili",
    "command.style.name": "uno stile: funny, poetic, short, ...",
    "command.again": "Un'altra didascalia per la foto attuale",
    "command.history": "Le didascalie della foto attuale",
    "command.forget": "Cancella tutto ciò che è salvato per questa chat",
    "command.auto": "Scrive una didascalia per ogni foto pubblicata qui, o smette",
    "command.auto.state": "on o off",
    "command.help": "Cosa so fare",
    "command.start": "Saluta e mostra cosa so fare",
    "command.groups_only": "(gruppi)",
    "command.unknown": "Non conosco /{name}. Prova /help.",
    "auto.usage": "Usa /auto on o /auto off. Qui adesso è «{state}».",
    "auto.private": "In una chat privata scrivo comunque una didascalia per ogni foto che mandi.",
    "auto.on": "Didascalie automatiche attive: ne scriverò una per ogni foto pubblicata qui.",
    "auto.off": (
        "Didascalie automatiche disattivate: menzionami o rispondimi per avere una didascalia."
    ),
    "forget.done": (
        "Fatto. Ho cancellato tutto ciò che avevo salvato per questa chat: {images} foto con le "
        "loro didascalie, la nostra conversazione e le tue impostazioni."
    ),
    "forget.done_one": (
        "Fatto. Ho cancellato tutto ciò che avevo salvato per questa chat: una foto con le sue "
        "didascalie, la nostra conversazione e le tue impostazioni."
    ),
    "forget.done_no_pictures": (
        "Fatto. Ho cancellato tutto ciò che avevo salvato per questa chat: la nostra "
        "conversazione e le tue impostazioni (non c'erano foto)."
    ),
    "forget.nothing": "Non avevo niente di salvato per questa chat.",
    "group.admins_only": (
        "Solo gli amministratori di questo gruppo possono usare /{command} qui: cambia la chat "
        "di tutto il gruppo."
    ),
    "history.header": "Didascalie per questa foto:",
    "history.caption": "{number}. ({style}) {text}",
    "history.answer": "{number}. D: {question} R: {answer}",
    "history.none": "Ancora nessuna didascalia. Mandami una foto!",
    "style.list": "Stili (usa /style NOME):",
    "style.list_line": "• {name}: {description}",
    "style.now": "Adesso: {name}",
    "style.choice": "{name}: {description}",
    "style.unknown": "Non conosco lo stile «{name}».\n{styles}",
    "style.set": "Stile impostato su {name}. Mandami una foto e la descriverò così.",
    "style.from_now": "{label} d'ora in poi in questa chat: /style plain per tornare indietro.",
    "style.back_to_plain": "Didascalie semplici d'ora in poi in questa chat.",
    "style.plain.label": "📝 Semplice",
    "style.plain.description": "solo la didascalia",
    "style.funny.label": "😄 Divertente",
    "style.funny.description": "la didascalia con una battuta intorno",
    "style.poetic.label": "🪶 Poetico",
    "style.poetic.description": "una piccola poesia su quello che vedo",
    "style.formal.label": "🎩 Formale",
    "style.formal.description": "una frase sobria e completa",
    "style.short.label": "✂️ Breve",
    "style.short.description": "con meno parole possibile",
    "style.detailed.label": "🔍 Dettagliato",
    "style.detailed.description": "più di quello che riesco a vedere",
    "style.hashtags.label": "#️⃣ Hashtag",
    "style.hashtags.description": "la didascalia in hashtag",
    "style.emoji.label": "✨ Emoji",
    "style.emoji.description": "la didascalia con le emoji",
    "caption.error": "Qualcosa è andato storto mentre scrivevo la didascalia. Riprova.",
    "caption.busy": "In questo momento sto descrivendo tantissime foto. Riprova tra poco.",
    "caption.timeout": "Questa volta la didascalia ha richiesto troppo tempo. Riprova.",
    "caption.stopped": "Mi sto riavviando proprio ora. Rimandamelo tra un minuto.",
    "caption.failed": (
        "Qualcosa è andato storto con la didascalia di questa foto. Prova con un'altra."
    ),
    "read.it_says": "C'è scritto: «{text}»",
    "read.it_says_more": (
        "C'è scritto: «{text} …» (altri {more} caratteri: /read per leggere tutto)"
    ),
    "read.whole": "C'è scritto:\n{text}",
    "read.none": "Non trovo nessun testo leggibile in questa foto.",
    "read.not_read": (
        "Non sono riuscito a leggere il testo di questa foto quando è arrivata (la lettura del "
        "testo era disattivata o non è riuscita). Rimandala e ci riprovo."
    ),
    "command.read": "Legge il testo presente nella foto",
    "command.alt": "Testo alternativo per la foto, pronto da incollare",
    "read.alt": "{caption}. Testo nell'immagine: «{text}»",
    "read.alt_plain": "{caption}.",
    "model.demo": (
        "🧪 Modello dimostrativo: conosce solo forme colorate, quindi non può descrivere foto vere."
    ),
    "model.demo_fallback": (
        "🧪 Modello dimostrativo: il modello completo per le didascalie non è disponibile su "
        "questo server, quindi risponde un piccolo modello dimostrativo. Conosce solo forme "
        "colorate, quindi non può descrivere foto vere."
    ),
    "model.random": (
        "🧪 Modello di prova con pesi casuali (per i test di velocità): le sue didascalie non "
        "hanno senso."
    ),
    "caption.unreadable": (
        "Il modello non ha prodotto nessuna didascalia leggibile per questa foto (solo simboli "
        "sparsi), quindi non ho niente da mostrarti."
    ),
    "caption.unavailable": (
        "Le didascalie non sono disponibili in questo momento. Riprova tra un po'."
    ),
    "image.unreadable": "Scusa, non sono riuscito a leggere quell'immagine.",
    "image.not_an_image": (
        "Questo file non sembra un'immagine che riesco a leggere. Mandami una foto ({formats})."
    ),
    "image.truncated": (
        "Sembra che l'immagine sia incompleta o danneggiata. Puoi provare a mandarla di nuovo?"
    ),
    "image.empty": "Questo file è vuoto. Mandami una foto.",
    "image.too_large": (
        "Questo file è troppo grande ({size_mb} MB). Mandami un'immagine sotto i {limit_mb} MB."
    ),
    "image.too_many_pixels": (
        "Questa immagine ha troppi pixel. Mandamene una sotto i {megapixels:g} megapixel."
    ),
    "image.too_many_pixels_sized": (
        "Questa immagine ha troppi pixel ({width}x{height} pixel). "
        "Mandamene una sotto i {megapixels:g} megapixel."
    ),
    "telegram.too_big": (
        "Questo file supera i 20 MB, più di quanto Telegram permetta di scaricare ai bot. "
        "Mandalo come foto (Telegram la comprime) o come file più piccolo."
    ),
    "discord.caption": "Scrivi una didascalia per un'immagine",
    "discord.caption.image": "l'immagine da descrivere",
    "discord.caption.style": "come scrivere la didascalia",
    "discord.context_menu": "Scrivi didascalia",
    "web.cross_site": "Le richieste da altri siti non sono accettate.",
    "web.not_a_form": "Invia il messaggio come modulo (multipart/form-data).",
    "web.text_not_text": "Il campo text deve essere testo.",
    "web.image_not_file": "Il campo image deve essere un file.",
    "web.button_not_json": 'Invia il pulsante come JSON: {{"payload": ...}}.',
    "web.button_no_payload": "La pressione di un pulsante richiede un payload.",
    "web.no_such_picture": "Questa foto non esiste in questa chat.",
    "web.restarting": "Captionist si sta riavviando. Il tuo messaggio verrà rinviato tra poco.",
    "web.unavailable": (
        "Captionist non riesce a salvare messaggi in questo momento. Il tuo verrà rinviato."
    ),
    "style.catchy.label": "📣 Accattivante",
    "style.catchy.description": "una didascalia per i social con hashtag",
    "chat.cannot_tell_but": "Dalla foto non riesco a capirlo. Quello che vedo: {text}.",
    "chat.needs_llm": (
        "Per questo serve un modello linguistico, e non ne ho nessuno configurato: da solo posso "
        "solo scrivere didascalie per le foto e rispondere a domande semplici su di esse. Chi "
        "gestisce questo bot può collegarne uno (qualsiasi server compatibile con OpenAI, come "
        "Ollama) con LLM_BASE_URL e LLM_MODEL."
    ),
    "talk.thanks": "Prego! Mandami un'altra foto quando vuoi.",
    "talk.hello": "Ciao! Mandami una foto e ti dico cosa vedo.",
    "talk.who": (
        "Sono Captionist, un bot che scrive didascalie per le foto. Mandami una foto, poi "
        "chiedimi un'altra didascalia, uno stile diverso o fammi domande sulla foto. Con /help "
        "scopri di più."
    ),
    "talk.how_are_you": "Sto bene, grazie, e sono pronto per la tua prossima foto!",
    "talk.bye": "Ciao! Sono qui quando hai un'altra foto.",
    "talk.praise": "Grazie! 😊",
    "access.not_allowed": (
        "Scusa, questo bot è privato: risponde solo alle persone per cui è stato configurato."
    ),
    "access.blocked": "Scusa, il gestore di questo bot ha bloccato questa chat o questo account.",
    "limit.hour": (
        "Hai raggiunto il limite di {limit} foto all'ora. Puoi mandare la prossima alle "
        "{at} (tra {wait})."
    ),
    "limit.day": (
        "Hai raggiunto il limite di {limit} foto al giorno. Puoi mandare la prossima alle "
        "{at} (tra {wait})."
    ),
    "command.privacy": "Cosa salvo di questa chat e dove vanno le foto",
    "command.stats": "Utilizzo e stato (amministratori)",
    "command.block": "Blocca un utente o una chat: /block platform:id (amministratori)",
    "command.unblock": "Rimuove un blocco: /unblock platform:id (amministratori)",
    "command.block.id": "platform:id, ad es. telegram:123456",
    "help.admin": "Comandi per gli amministratori: {commands}",
    "privacy.stored": (
        "Cosa salvo di questa chat: le foto che mi vengono mandate (una piccola copia di "
        "ciascuna), il testo che ci leggo, le mie didascalie e risposte, quello che è stato "
        "detto su di esse e le impostazioni della chat."
    ),
    "privacy.kept": (
        "Tengo le ultime {images} foto di una chat, nessuna più vecchia di {days} giorni; quelle "
        "più vecchie vengono cancellate insieme a quello che è stato detto su di esse."
    ),
    "privacy.kept_count": (
        "Tengo le ultime {images} foto di una chat; quelle più vecchie vengono cancellate."
    ),
    "privacy.where_here": (
        "Le foto vengono descritte, e il loro testo viene letto, sulla macchina di questo bot; "
        "non vanno da nessun'altra parte."
    ),
    "privacy.where_worker": (
        "Le foto vengono descritte, e il loro testo viene letto, dal worker delle didascalie "
        "di questo bot ({hosts}), che non conserva niente."
    ),
    "privacy.where_llm": (
        "Le didascalie e le tue domande vengono inviate anche a un fornitore di modelli "
        "linguistici ({provider})."
    ),
    "privacy.where_here_and_llm": (
        "Le foto vengono descritte sulla macchina di questo bot; vanno anche al fornitore di "
        "modelli linguistici indicato qui sotto."
    ),
    "privacy.where_llm_vision": (
        "Le tue foto, le loro didascalie e le tue domande vengono inviate anche a un fornitore "
        "di modelli linguistici ({provider})."
    ),
    "privacy.forget": (
        "/forget cancella in una volta tutto ciò che è salvato per questa chat: foto, "
        "didascalie, conversazione e impostazioni."
    ),
    "privacy.language": (
        "Se hai scelto una lingua con /language, conservo questa scelta (tua, non della "
        "chat); /language auto la cancella."
    ),
    "stats.report": (
        "Oggi (UTC, questo processo): {pictures} foto da {people} persone\n"
        "Latenza delle risposte: p50 {p50}, p95 {p95} (risposte recenti di questo processo)\n"
        "Coda: {inbox} eventi in attesa, {engine} foto in attesa del modello\n"
        "Errori registrati: {errors} ({error_kinds})\n"
        "Modello: {model} su {device} ({precision})\n"
        "ID bloccati: {blocked}"
    ),
    "block.usage": "Usa /{command} platform:id, ad es. /{command} telegram:123456.",
    "block.admin": "{key} è un amministratore: gli amministratori non possono essere bloccati.",
    "block.already": "{key} è già bloccato.",
    "block.done": "Ho bloccato {key}: non gli risponderò più.",
    "unblock.not_blocked": "{key} non è bloccato.",
    "unblock.done": "Ho sbloccato {key}.",
    "command.language": "Scegli la lingua in cui ti scrivo",
    "command.language.code": "un codice di lingua: en, de, es, ... o auto",
    "language.list": "Lingue che parlo (usa /language CODICE):",
    "language.list_line": "• {code}: {name}",
    "language.current_chosen": (
        "Adesso: {name}, come hai scelto. Con /language auto torno a seguire la lingua della "
        "tua app."
    ),
    "language.current_auto": "Adesso: {name}, in base alla lingua della tua app.",
    "language.set": "Ok, d'ora in poi ti scrivo in italiano.",
    "language.auto": "Ok, torno a seguire la lingua della tua app: {name}.",
    "language.unknown": "Non parlo ancora «{code}».\n{languages}",
    "question.english_only": (
        "Per ora capisco solo domande sulle foto in inglese, per esempio "
        "«what is the man holding?». Chiedimelo in inglese o mandami un'altra foto."
    ),
    "frame.funny.1": ("Ultim'ora: avvistato «{c}» in libertà. Gli esperti sono sconcertati."),
    "frame.funny.2": "POV: sei «{c}» e qualcuno ti ha appena fatto una foto.",
    "frame.funny.3": "{C}. Tutto qui. Questa è tutta la trama.",
    "frame.funny.4": "Colpo di scena: «{c}» era il protagonista fin dall'inizio.",
    "frame.funny.5": "Io che cerco di sembrare disinvolto: {c}.",
    "frame.poetic.1": (
        "Ecco «{c}»,\nimmobile sotto la luce;\n{d} — l'istante trattiene il respiro."
    ),
    "frame.poetic.2": (
        "In questa piccola cornice vive «{c}»,\ne il giorno intorno si fa quieto;\n{d}, piano."
    ),
    "frame.poetic.3": "{C} —\nil mondo si ferma,\ne l'immagine ricorda «{d}».",
    "frame.formal.1": "L'immagine raffigura quanto segue: {c}.",
    "frame.formal.2": "Questa fotografia mostra «{c}».",
    "frame.detailed.closer": "Guardando più da vicino:",
    "frame.catchy.1": "{C} ✨",
    "frame.catchy.2": "Beccato dalla fotocamera: {c} 📸",
    "frame.catchy.3": "Vivo per {c} 📸",
    "frame.catchy.4": "Mood di oggi: {c} 💫",
    "discord.alt_menu": "Genera testo alternativo",
    "feedback.up_button": "👍",
    "feedback.down_button": "👎",
    "feedback.thanks_up": "Grazie! Sono contento che la didascalia sia azzeccata. 👍",
    "feedback.ask": (
        "Peccato, non ci ho preso. Cosa si vede nella foto? Mandami una didascalia migliore nel "
        "tuo prossimo messaggio (oppure /correct un gatto su un divano)."
    ),
    "feedback.thanks_correction": "Grazie! Mi ricorderò che questa foto mostra «{correction}».",
    "feedback.unusable": (
        "Non posso usarlo come didascalia: scrivi a parole cosa si vede nella foto, in massimo "
        "{limit} caratteri."
    ),
    "feedback.correct_usage": (
        "Scrivi la didascalia migliore dopo il comando, per esempio: /correct un gatto su un divano"
    ),
    "feedback.off": "In questo bot la valutazione delle didascalie è disattivata.",
    "command.correct": "Proponi una didascalia migliore per la foto attuale",
    "command.correct.caption": "cosa si vede nella foto",
    "privacy.feedback": (
        "Quando valuti o correggi una didascalia, la tengo insieme alla foto fino a {days} "
        "giorni (più a lungo delle altre foto) per migliorare il modello delle didascalie; "
        "/forget cancella anche questo."
    ),
    "stats.feedback": "Valutazioni: {ratings}",
    "stats.feedback_model": "{model}: {approval} 👍 su {rated} valutate, {corrections} corrette",
    "stats.feedback_none": "nessuna per ora",
}

# Whole messages (lowercased, punctuation removed, POLITE words removed before matching) that ask
# for another caption of the same picture. Apostrophes may be dropped ("unaltra") or turned into a
# space ("un altra"): both are listed.
AGAIN: tuple[str, ...] = (
    "ancora",
    "di nuovo",
    "ancora una",
    "ancora una volta",
    "un altra",
    "unaltra",
    "un altra volta",
    "unaltra volta",
    "un altro",
    "altra",
    "un altra ancora",
    "unaltra ancora",
    "riprova",
    "riprovaci",
    "prova di nuovo",
    "prova ancora",
    "rifai",
    "rifalla",
    "rifallo",
    "rigenera",
    "nuova didascalia",
    "una nuova didascalia",
    "un altra didascalia",
    "unaltra didascalia",
    "didascalia diversa",
    "una didascalia diversa",
    "una diversa",
)
# Whole messages asking to read out the text in the picture. Apostrophes as above.
READ: tuple[str, ...] = (
    "cosa dice",
    "che dice",
    "che cosa dice",
    "cosa c è scritto",
    "cosa cè scritto",
    "cosa ce scritto",
    "che cosa c è scritto",
    "che cosa cè scritto",
    "che cosa ce scritto",
    "che c è scritto",
    "che cè scritto",
    "che ce scritto",
    "cosa c è scritto sopra",
    "cosa cè scritto sopra",
    "cosa ce scritto sopra",
    "cosa c è scritto sul cartello",
    "cosa cè scritto sul cartello",
    "cosa ce scritto sul cartello",
    "cosa dice il cartello",
    "cosa dice la scritta",
    "cosa dice il testo",
    "cosa è scritto",
    "cosa e scritto",
    "leggi",
    "leggilo",
    "leggila",
    "leggimelo",
    "leggimela",
    "leggi il testo",
    "leggimi il testo",
    "leggi la scritta",
    "trascrivi",
    "trascrivilo",
    "trascrivi il testo",
)
# Whole messages asking for alt text.
ALT: tuple[str, ...] = (
    "testo alternativo",
    "testo alt",
    "il testo alternativo",
    "un testo alternativo",
    "dammi il testo alternativo",
    "dammi un testo alternativo",
    "scrivi il testo alternativo",
    "scrivi un testo alternativo",
    "genera il testo alternativo",
    "testo alternativo per questa",
    "descrizione per il testo alternativo",
    "descrizione per testo alternativo",
    "descrizione dell immagine per il testo alternativo",
    "descrizione dellimmagine per il testo alternativo",
    "descrivila per il testo alternativo",
)
# Words dropped before whole-message matching.
POLITE: tuple[str, ...] = (
    "per favore",
    "perfavore",
    "per piacere",
    "per cortesia",
    "x favore",
    "pf",
    "dai",
)
# Words or short phrases that, found anywhere in a message, ask for a caption style.
STYLES: dict[str, tuple[str, ...]] = {
    "plain": (
        "semplice",
        "più semplice",
        "piu semplice",
        "senza stile",
        "stile normale",
        "solo la didascalia",
    ),
    "funny": (
        "divertente",
        "più divertente",
        "piu divertente",
        "spiritoso",
        "spiritosa",
        "più spiritosa",
        "piu spiritosa",
        "buffo",
        "buffa",
        "comico",
        "comica",
        "scherzoso",
        "scherzosa",
        "ironico",
        "ironica",
        "una battuta",
        "fammi ridere",
    ),
    "poetic": (
        "poetico",
        "poetica",
        "più poetica",
        "piu poetica",
        "poesia",
        "poesiola",
        "in versi",
        "in rima",
        "lirico",
        "lirica",
    ),
    "formal": (
        "formale",
        "più formale",
        "piu formale",
        "formalmente",
        "più seria",
        "piu seria",
        "più serio",
        "piu serio",
        "professionale",
        "più professionale",
        "piu professionale",
    ),
    "short": (
        "breve",
        "più breve",
        "piu breve",
        "corto",
        "corta",
        "più corto",
        "piu corto",
        "più corta",
        "piu corta",
        "cortissima",
        "sintetico",
        "sintetica",
        "più sintetica",
        "piu sintetica",
        "conciso",
        "concisa",
        "meno parole",
        "poche parole",
        "riassumi",
    ),
    "detailed": (
        "dettagliato",
        "dettagliata",
        "più dettagliata",
        "piu dettagliata",
        "più dettagli",
        "piu dettagli",
        "con dettagli",
        "nei dettagli",
        "in dettaglio",
        "più lunga",
        "piu lunga",
        "più lungo",
        "piu lungo",
        "dimmi di più",
        "dimmi di piu",
        "approfondisci",
    ),
    "hashtags": (
        "con hashtag",
        "con gli hashtag",
        "in hashtag",
        "come hashtag",
        "con hashtags",
    ),
    "emoji": (
        "con emoji",
        "con le emoji",
        "con gli emoji",
        "con emoticon",
        "con le faccine",
        "faccine",
        "faccina",
    ),
    "catchy": (
        "accattivante",
        "più accattivante",
        "piu accattivante",
        "per i social",
        "per instagram",
        "da social",
        "di impatto",
        "d impatto",
        "dimpatto",
        "a effetto",
        "ad effetto",
    ),
}
# Greetings, thanks and goodbyes (whole message starts with one of these). "ciao" is both hello
# and goodbye in Italian: alone it greets; "ciao ciao" says goodbye.
TALK: dict[str, tuple[str, ...]] = {
    "thanks": (
        "grazie",
        "grazie mille",
        "grazie tante",
        "ti ringrazio",
        "grz",
    ),
    "hello": (
        "ciao",
        "salve",
        "buongiorno",
        "buon giorno",
        "buonasera",
        "buona sera",
        "ehi",
        "ehilà",
        "ehila",
    ),
    "bye": (
        "ciao ciao",
        "arrivederci",
        "a presto",
        "alla prossima",
        "ci vediamo",
        "ci sentiamo",
        "a dopo",
        "buonanotte",
        "buona notte",
    ),
}
