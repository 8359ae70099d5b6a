"""Spanish (es): the catalogue's texts and the phrases people use."""

from __future__ import annotations

NAME = "Español"

TEXTS: dict[str, str] = {
    "chat.help": (
        "Describo fotos. Mándame una foto (o varias) y te digo lo que veo.\n\n"
        "Después puedes:\n"
        "• pedir otra descripción: «otra vez» o /again\n"
        "• cambiar el estilo: /style funny, «hazlo más corto», «con hashtags» (/style te los "
        "muestra)\n"
        "• preguntar por la foto (de momento, en inglés): «what is the man holding?», "
        "«what is on the table?»\n"
        "• pedirme que lea el texto: «¿qué dice?» o /read\n"
        "• responder a una foto o descripción anterior para hablar de esa imagen\n\n"
        "Comandos: {commands}"
    ),
    "chat.start": "¡Hola! {help}",
    "chat.no_image": (
        "Primero mándame una foto y te la describo. Luego puedes pedirme otra descripción, "
        "otro estilo o preguntarme por ella."
    ),
    "chat.chat": (
        "Soy un bot que describe fotos: solo puedo hablar de imágenes. Mándame una foto o "
        "responde a una con una pregunta como «what is on the table?». En /help tienes más."
    ),
    "chat.too_long": (
        "Ese mensaje es demasiado largo para mí: escribe menos de {limit} caracteres, "
        "con foto o sin ella (por ejemplo, «hazlo divertido»)."
    ),
    "chat.not_an_image": ("Ese archivo no parece una imagen. Mándame una foto ({formats})."),
    "chat.picture_too_big": "Esa foto es demasiado grande (el límite es de {limit_mb} MB).",
    "chat.download_failed": "No he podido descargar esa foto. Intenta mandarla otra vez.",
    "chat.image_gone": ("Ya no tengo esa foto (quizá después de /forget). Mándamela otra vez."),
    "chat.button_expired": (
        "Ese botón ya no funciona. Manda la foto otra vez para tener botones nuevos."
    ),
    "chat.again_button": "🔁 Otra vez",
    "chat.nothing_new": (
        "No se me ocurre ninguna descripción para esta foto que no te haya dado ya. "
        "En /history tienes las de hasta ahora."
    ),
    "chat.cannot_tell": "Eso no lo puedo saber por la foto.",
    "chat.i_see": "Veo esto: {text}.",
    "chat.understood_nothing": (
        "Solo puedo describir lo que veo, así que no puedo responder exactamente a eso. "
        "Mirándola más de cerca: {text}"
    ),
    "chat.album_hint": (
        "Responde a una de las fotos para cambiarle el estilo o preguntarme por ella."
    ),
    "chat.kept_for_later": (
        "Me he guardado tu foto: di «otra vez» cuando quieras que lo intente de nuevo."
    ),
    "chat.failed": "Lo siento, algo ha fallado por mi parte. Inténtalo de nuevo.",
    "command.style": "Cambia el estilo de las descripciones o muestra los estilos",
    "command.style.name": "un estilo: funny, poetic, short, ...",
    "command.again": "Otra descripción de la foto actual",
    "command.history": "Las descripciones de la foto actual",
    "command.forget": "Borra todo lo guardado de este chat",
    "command.auto": "Describe cada foto que se publique aquí, o deja de hacerlo",
    "command.auto.state": "on u off",
    "command.help": "Lo que puedo hacer",
    "command.start": "Saluda y muestra lo que puedo hacer",
    "command.groups_only": "(grupos)",
    "command.unknown": "No conozco /{name}. Prueba con /help.",
    "auto.usage": "Usa /auto on o /auto off. Ahora mismo aquí está en «{state}».",
    "auto.private": "En un chat privado describo igualmente cada foto que me mandas.",
    "auto.on": "Descripción automática activada: describiré cada foto que se publique aquí.",
    "auto.off": (
        "Descripción automática desactivada: mencióname o respóndeme para tener una descripción."
    ),
    "forget.done": (
        "Hecho. He borrado todo lo que tenía guardado de este chat: {images} fotos con sus "
        "descripciones, nuestra conversación y tus ajustes."
    ),
    "forget.done_one": (
        "Hecho. He borrado todo lo que tenía guardado de este chat: una foto con sus "
        "descripciones, nuestra conversación y tus ajustes."
    ),
    "forget.done_no_pictures": (
        "Hecho. He borrado todo lo que tenía guardado de este chat: nuestra conversación y tus "
        "ajustes (no había fotos)."
    ),
    "forget.nothing": "No tenía nada guardado de este chat.",
    "group.admins_only": (
        "Solo los administradores de este grupo pueden usar /{command} aquí: cambia el chat de "
        "todo el grupo."
    ),
    "history.header": "Descripciones de esta foto:",
    "history.caption": "{number}. ({style}) {text}",
    "history.answer": "{number}. P: {question} R: {answer}",
    "history.none": "Todavía no hay descripciones. ¡Mándame una foto!",
    "style.list": "Estilos (usa /style NOMBRE):",
    "style.list_line": "• {name}: {description}",
    "style.now": "Ahora: {name}",
    "style.choice": "{name}: {description}",
    "style.unknown": "No conozco el estilo «{name}».\n{styles}",
    "style.set": "Estilo cambiado a {name}. Mándame una foto y la describiré así.",
    "style.from_now": "{label} a partir de ahora en este chat: /style plain para volver.",
    "style.back_to_plain": "Descripciones sencillas a partir de ahora en este chat.",
    "style.plain.label": "📝 Sencillo",
    "style.plain.description": "solo la descripción",
    "style.funny.label": "😄 Divertido",
    "style.funny.description": "la descripción con una broma alrededor",
    "style.poetic.label": "🪶 Poético",
    "style.poetic.description": "un pequeño poema sobre lo que veo",
    "style.formal.label": "🎩 Formal",
    "style.formal.description": "una frase sobria y completa",
    "style.short.label": "✂️ Corto",
    "style.short.description": "con las menos palabras posibles",
    "style.detailed.label": "🔍 Detallado",
    "style.detailed.description": "más de lo que veo",
    "style.hashtags.label": "#️⃣ Hashtags",
    "style.hashtags.description": "la descripción en hashtags",
    "style.emoji.label": "✨ Emojis",
    "style.emoji.description": "la descripción con emojis",
    "caption.error": "Algo ha fallado al describir la foto. Inténtalo de nuevo.",
    "caption.busy": (
        "Ahora mismo estoy describiendo muchísimas fotos. Inténtalo de nuevo en un momento."
    ),
    "caption.timeout": "Esta vez he tardado demasiado en describirla. Inténtalo de nuevo.",
    "caption.stopped": "Me estoy reiniciando. Vuelve a mandarlo dentro de un minuto.",
    "caption.failed": ("Algo ha fallado al describir esa foto. Prueba con otra."),
    "read.it_says": "Dice: «{text}»",
    "read.it_says_more": "Dice: «{text} …» ({more} caracteres más: /read para leerlo entero)",
    "read.whole": "Dice:\n{text}",
    "read.none": "No encuentro ningún texto legible en esta foto.",
    "read.not_read": (
        "No pude leer el texto de esta foto cuando llegó (la lectura de texto estaba desactivada "
        "o falló). Mándala otra vez y lo vuelvo a intentar."
    ),
    "command.read": "Lee el texto que hay en la foto",
    "command.alt": "Texto alternativo de la foto, listo para pegar",
    "read.alt": "{caption}. Texto en la imagen: «{text}»",
    "read.alt_plain": "{caption}.",
    "model.demo": (
        "🧪 Modelo de demostración: solo conoce formas de colores, así que no puede describir "
        "fotos reales."
    ),
    "model.demo_fallback": (
        "🧪 Modelo de demostración: el modelo completo no está disponible en este servidor, así "
        "que responde un pequeño modelo de prueba. Solo conoce formas de colores, así que no "
        "puede describir fotos reales."
    ),
    "model.random": (
        "🧪 Modelo de prueba con pesos aleatorios (para pruebas de velocidad): sus descripciones "
        "no tienen sentido."
    ),
    "caption.unreadable": (
        "El modelo no ha generado ninguna descripción legible para esta foto (solo símbolos "
        "sueltos), así que no tengo nada que enseñarte."
    ),
    "caption.unavailable": (
        "Ahora mismo no puedo describir fotos. Inténtalo de nuevo dentro de un rato."
    ),
    "image.unreadable": "Lo siento, no he podido leer esa imagen.",
    "image.not_an_image": (
        "Ese archivo no parece una imagen que pueda leer. Mándame una foto ({formats})."
    ),
    "image.truncated": (
        "Parece que esa imagen está incompleta o dañada. ¿Puedes intentar mandarla otra vez?"
    ),
    "image.empty": "Ese archivo está vacío. Mándame una foto.",
    "image.too_large": (
        "Ese archivo es demasiado grande ({size_mb} MB). Mándame una imagen de menos de "
        "{limit_mb} MB."
    ),
    "image.too_many_pixels": (
        "Esa imagen tiene demasiados píxeles. Mándame una de menos de {megapixels:g} megapíxeles."
    ),
    "image.too_many_pixels_sized": (
        "Esa imagen tiene demasiados píxeles ({width}x{height} píxeles). "
        "Mándame una de menos de {megapixels:g} megapíxeles."
    ),
    "telegram.too_big": (
        "Ese archivo pasa de 20 MB, más de lo que Telegram deja descargar a los bots. Mándalo "
        "como foto (Telegram la comprime) o como un archivo más pequeño."
    ),
    "discord.caption": "Describe una imagen",
    "discord.caption.image": "la imagen que quieres describir",
    "discord.caption.style": "cómo escribir la descripción",
    "discord.context_menu": "Describir imagen",
    "web.cross_site": "No se aceptan peticiones desde otros sitios.",
    "web.not_a_form": "Manda el mensaje como formulario (multipart/form-data).",
    "web.text_not_text": "El campo text tiene que ser texto.",
    "web.image_not_file": "El campo image tiene que ser un archivo.",
    "web.button_not_json": 'Manda el botón como JSON: {{"payload": ...}}.',
    "web.button_no_payload": "Pulsar un botón necesita un payload.",
    "web.no_such_picture": "Esa foto no está en este chat.",
    "web.restarting": (
        "Captionist se está reiniciando. Tu mensaje se volverá a enviar en un momento."
    ),
    "web.unavailable": (
        "Captionist no puede guardar mensajes ahora mismo. El tuyo se volverá a enviar."
    ),
    "style.catchy.label": "📣 Llamativo",
    "style.catchy.description": "una descripción para redes sociales con hashtags",
    "chat.cannot_tell_but": "Eso no lo puedo saber por la foto. Lo que sí veo: {text}.",
    "chat.needs_llm": (
        "Para eso hace falta un modelo de lenguaje y no tengo ninguno configurado: por mí mismo "
        "solo puedo describir fotos y responder preguntas sencillas sobre ellas. Quien gestiona "
        "este bot puede conectar uno (cualquier servidor compatible con OpenAI, como Ollama) con "
        "LLM_BASE_URL y LLM_MODEL."
    ),
    "talk.thanks": "¡De nada! Mándame otra foto cuando quieras.",
    "talk.hello": "¡Hola! Mándame una foto y te digo lo que veo.",
    "talk.who": (
        "Soy Captionist, un bot que describe fotos. Mándame una foto y luego pídeme otra "
        "descripción, otro estilo o pregúntame por ella. En /help tienes más."
    ),
    "talk.how_are_you": "¡Muy bien, gracias, y listo para tu próxima foto!",
    "talk.bye": "¡Adiós! Aquí estaré cuando tengas otra foto.",
    "talk.praise": "¡Gracias! 😊",
    "access.not_allowed": (
        "Lo siento, este bot es privado: solo responde a las personas para las que se configuró."
    ),
    "access.blocked": "Lo siento, quien gestiona este bot ha bloqueado este chat o esta cuenta.",
    "limit.hour": (
        "Has llegado al límite de {limit} fotos por hora. Puedes mandar la siguiente a las "
        "{at} (dentro de {wait})."
    ),
    "limit.day": (
        "Has llegado al límite de {limit} fotos por día. Puedes mandar la siguiente a las "
        "{at} (dentro de {wait})."
    ),
    "command.privacy": "Lo que guardo de este chat y adónde van las fotos",
    "command.stats": "Uso y estado (administradores)",
    "command.block": "Bloquea a un usuario o chat: /block platform:id (administradores)",
    "command.unblock": "Quita un bloqueo: /unblock platform:id (administradores)",
    "command.block.id": "platform:id, p. ej. telegram:123456",
    "help.admin": "Comandos de administración: {commands}",
    "privacy.stored": (
        "Lo que guardo de este chat: las fotos que me mandan (una copia pequeña de cada una), el "
        "texto que leo en ellas, mis descripciones y respuestas, lo que se ha dicho sobre ellas "
        "y los ajustes del chat."
    ),
    "privacy.kept": (
        "Guardo las últimas {images} fotos de cada chat, ninguna de hace más de {days} días; las "
        "más antiguas se borran junto con lo que se dijo sobre ellas."
    ),
    "privacy.kept_count": (
        "Guardo las últimas {images} fotos de cada chat; las más antiguas se borran."
    ),
    "privacy.where_here": (
        "Las fotos se describen, y su texto se lee, en la propia máquina de este bot; no van a "
        "ningún otro sitio."
    ),
    "privacy.where_worker": (
        "Las fotos se describen, y su texto se lee, en el worker de descripciones de este bot "
        "({hosts}), que no guarda nada."
    ),
    "privacy.where_llm": (
        "Las descripciones y tus preguntas también se envían a un proveedor de modelos de "
        "lenguaje ({provider})."
    ),
    "privacy.where_here_and_llm": (
        "Las fotos se describen en la propia máquina de este bot; también van al proveedor de "
        "modelos de lenguaje que se indica abajo."
    ),
    "privacy.where_llm_vision": (
        "Tus fotos, sus descripciones y tus preguntas también se envían a un proveedor de "
        "modelos de lenguaje ({provider})."
    ),
    "privacy.forget": (
        "/forget borra de una vez todo lo guardado de este chat: fotos, descripciones, "
        "conversación y ajustes."
    ),
    "privacy.language": (
        "Si elegiste un idioma con /language, guardo esa elección (tuya, no del chat); "
        "/language auto la borra."
    ),
    "stats.report": (
        "Hoy (UTC, este proceso): {pictures} foto(s) de {people} personas\n"
        "Latencia de respuesta: p50 {p50}, p95 {p95} (respuestas recientes de este proceso)\n"
        "Cola: {inbox} evento(s) en espera, {engine} foto(s) esperando al modelo\n"
        "Errores registrados: {errors} ({error_kinds})\n"
        "Modelo: {model} en {device} ({precision})\n"
        "IDs bloqueados: {blocked}"
    ),
    "block.usage": "Usa /{command} platform:id, p. ej. /{command} telegram:123456.",
    "block.admin": "{key} es administrador: los administradores no se pueden bloquear.",
    "block.already": "{key} ya está bloqueado.",
    "block.done": "He bloqueado {key}: ya no le responderé.",
    "unblock.not_blocked": "{key} no está bloqueado.",
    "unblock.done": "He desbloqueado {key}.",
    "command.language": "Elige el idioma en el que te escribo",
    "command.language.code": "un código de idioma: en, de, es, ... o auto",
    "language.list": "Idiomas que hablo (usa /language CÓDIGO):",
    "language.list_line": "• {code}: {name}",
    "language.current_chosen": (
        "Ahora: {name}, como elegiste. Con /language auto vuelvo a seguir el idioma de tu app."
    ),
    "language.current_auto": "Ahora: {name}, según el idioma de tu app.",
    "language.set": "¡Listo! A partir de ahora te escribo en español.",
    "language.auto": "De acuerdo, vuelvo a seguir el idioma de tu app: {name}.",
    "language.unknown": "Todavía no hablo «{code}».\n{languages}",
    "question.english_only": (
        "De momento solo entiendo preguntas sobre las fotos en inglés, por ejemplo "
        "«what is the man holding?». Pregúntamelo en inglés o mándame otra foto."
    ),
    "frame.funny.1": (
        "Última hora: avistan «{c}» en plena naturaleza. Los expertos no se lo explican."
    ),
    "frame.funny.2": "POV: eres «{c}» y alguien te acaba de hacer una foto.",
    "frame.funny.3": "{C}. Y ya está. Ese es todo el argumento.",
    "frame.funny.4": "Giro de guion: «{c}» era el protagonista desde el principio.",
    "frame.funny.5": "Yo, intentando disimular: {c}.",
    "frame.poetic.1": (
        "Contempla «{c}»,\nquieto bajo la luz;\n{d} — el instante contiene el aliento."
    ),
    "frame.poetic.2": (
        "En este pequeño marco vive «{c}»,\ny el día se aquieta a su alrededor;\n{d}, en silencio."
    ),
    "frame.poetic.3": "{C} —\nel mundo se detiene,\ny la imagen recuerda «{d}».",
    "frame.formal.1": "En la imagen se aprecia lo siguiente: {c}.",
    "frame.formal.2": "Esta fotografía muestra «{c}».",
    "frame.detailed.closer": "Mirando más de cerca:",
    "frame.catchy.1": "{C} ✨",
    "frame.catchy.2": "Captado por la cámara: {c} 📸",
    "frame.catchy.3": "Lo que me da la vida: {c} 📸",
    "frame.catchy.4": "Mood de hoy: {c} 💫",
    "discord.alt_menu": "Generar texto alternativo",
    "feedback.up_button": "👍",
    "feedback.down_button": "👎",
    "feedback.thanks_up": "¡Gracias! Me alegra que la descripción encaje. 👍",
    "feedback.ask": (
        "Vaya, lo siento. ¿Qué sale en la foto? Mándame una descripción mejor en tu próximo "
        "mensaje (o /correct un gato en un sofá)."
    ),
    "feedback.thanks_correction": "¡Gracias! Me acordaré de que en esta foto sale «{correction}».",
    "feedback.unusable": (
        "No puedo usar eso como descripción: escribe con palabras lo que sale en la foto, en "
        "{limit} caracteres como máximo."
    ),
    "feedback.correct_usage": (
        "Escribe la descripción mejor después del comando, por ejemplo: /correct un gato en un sofá"
    ),
    "feedback.off": "En este bot no se pueden valorar las descripciones.",
    "command.correct": "Da una descripción mejor de la foto actual",
    "command.correct.caption": "lo que sale en la foto",
    "privacy.feedback": (
        "Cuando valoras o corriges una descripción, la guardo junto con la foto hasta {days} "
        "días (más que las demás fotos) para mejorar el modelo de descripciones; /forget también "
        "la borra."
    ),
    "stats.feedback": "Valoraciones: {ratings}",
    "stats.feedback_model": "{model}: {approval} 👍 de {rated} valoradas, {corrections} corregidas",
    "stats.feedback_none": "ninguna todavía",
}

# Whole messages (lowercased, punctuation removed, POLITE words removed before matching) that ask
# for another caption of the same picture.
AGAIN: tuple[str, ...] = (
    "otra vez",
    "de nuevo",
    "nuevamente",
    "otra",
    "otra más",
    "otra mas",
    "otro",
    "otro más",
    "otro mas",
    "una más",
    "una mas",
    "uno más",
    "uno mas",
    "otra distinta",
    "otra diferente",
    "inténtalo de nuevo",
    "intentalo de nuevo",
    "inténtalo otra vez",
    "intentalo otra vez",
    "intenta de nuevo",
    "intenta otra vez",
    "prueba de nuevo",
    "prueba otra vez",
    "vuelve a intentarlo",
    "hazlo de nuevo",
    "hazlo otra vez",
    "rehazlo",
    "repite",
    "repítelo",
    "repitelo",
    "otra descripción",
    "otra descripcion",
    "nueva descripción",
    "nueva descripcion",
    "una descripción diferente",
    "una descripcion diferente",
    "una descripción distinta",
    "una descripcion distinta",
    "descripción diferente",
    "descripcion diferente",
    "otro pie de foto",
    "nuevo pie de foto",
    "otra leyenda",
    "nueva leyenda",
)
# Whole messages asking to read out the text in the picture.
READ: tuple[str, ...] = (
    "qué dice",
    "que dice",
    "qué pone",
    "que pone",
    "qué dice ahí",
    "que dice ahi",
    "qué pone ahí",
    "que pone ahi",
    "qué dice el texto",
    "que dice el texto",
    "qué dice el cartel",
    "que dice el cartel",
    "qué pone en el cartel",
    "que pone en el cartel",
    "qué está escrito",
    "que esta escrito",
    "qué hay escrito",
    "que hay escrito",
    "qué está escrito en el cartel",
    "que esta escrito en el cartel",
    "qué hay escrito en el cartel",
    "que hay escrito en el cartel",
    "léelo",
    "leelo",
    "léemelo",
    "leemelo",
    "lee el texto",
    "léeme el texto",
    "leeme el texto",
    "lee lo que dice",
    "lee lo que pone",
    "transcríbelo",
    "transcribelo",
    "transcribe el texto",
)
# Whole messages asking for alt text.
ALT: tuple[str, ...] = (
    "texto alternativo",
    "texto alt",
    "un texto alternativo",
    "el texto alternativo",
    "dame el texto alternativo",
    "dame un texto alternativo",
    "escribe un texto alternativo",
    "texto alternativo para esto",
    "descripción para texto alternativo",
    "descripcion para texto alternativo",
    "descripción de imagen para texto alternativo",
    "descripcion de imagen para texto alternativo",
    "descríbela para texto alternativo",
    "describela para texto alternativo",
)
# Words dropped before whole-message matching.
POLITE: tuple[str, ...] = (
    "por favor",
    "porfavor",
    "porfa",
    "porfi",
    "xfa",
    "xfavor",
    "x favor",
    "plis",
)
# Words or short phrases that, found anywhere in a message, ask for a caption style.
STYLES: dict[str, tuple[str, ...]] = {
    "plain": (
        "sencillo",
        "sencilla",
        "más sencillo",
        "mas sencillo",
        "más sencilla",
        "mas sencilla",
        "sin estilo",
        "estilo normal",
        "sin adornos",
    ),
    "funny": (
        "divertido",
        "divertida",
        "más divertido",
        "mas divertido",
        "más divertida",
        "mas divertida",
        "gracioso",
        "graciosa",
        "más gracioso",
        "mas gracioso",
        "chistoso",
        "chistosa",
        "cómico",
        "comico",
        "cómica",
        "comica",
        "con humor",
        "un chiste",
        "con gracia",
    ),
    "poetic": (
        "poético",
        "poetico",
        "poética",
        "poetica",
        "poema",
        "poesía",
        "poesia",
        "en verso",
        "en versos",
        "con rima",
        "lírico",
        "lirico",
    ),
    "formal": (
        "más formal",
        "mas formal",
        "formalmente",
        "más serio",
        "mas serio",
        "tono serio",
        "profesional",
        "más profesional",
        "mas profesional",
    ),
    "short": (
        "corto",
        "corta",
        "más corto",
        "mas corto",
        "más corta",
        "mas corta",
        "breve",
        "más breve",
        "mas breve",
        "resumido",
        "resumida",
        "conciso",
        "concisa",
        "menos palabras",
        "pocas palabras",
    ),
    "detailed": (
        "detallado",
        "detallada",
        "más detallado",
        "mas detallado",
        "más detallada",
        "mas detallada",
        "más detalles",
        "mas detalles",
        "con detalle",
        "con detalles",
        "en detalle",
        "más largo",
        "mas largo",
        "más larga",
        "mas larga",
        "cuéntame más",
        "cuentame mas",
    ),
    "hashtags": (
        "con hashtags",
        "en hashtags",
        "como hashtags",
        "con hashtag",
        "etiquetas",
        "con etiquetas",
    ),
    "emoji": (
        "con emojis",
        "con emoji",
        "en emojis",
        "emoticonos",
        "emoticones",
        "con emoticonos",
        "con emoticones",
        "caritas",
    ),
    "catchy": (
        "llamativo",
        "llamativa",
        "más llamativo",
        "mas llamativo",
        "pegadizo",
        "pegadiza",
        "para redes",
        "para redes sociales",
        "para instagram",
        "con gancho",
    ),
}
# Greetings, thanks and goodbyes (whole message starts with one of these).
TALK: dict[str, tuple[str, ...]] = {
    "thanks": (
        "gracias",
        "muchas gracias",
        "mil gracias",
        "muchísimas gracias",
        "muchisimas gracias",
        "te lo agradezco",
        "grax",
    ),
    "hello": (
        "hola",
        "holaa",
        "buenas",
        "buenos días",
        "buenos dias",
        "buenas tardes",
        "qué tal",
        "que tal",
    ),
    "bye": (
        "adiós",
        "adios",
        "chao",
        "chau",
        "hasta luego",
        "hasta pronto",
        "hasta mañana",
        "hasta manana",
        "nos vemos",
        "buenas noches",
    ),
}
