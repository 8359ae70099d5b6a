"""French (fr): the catalogue's texts and the phrases people use."""

from __future__ import annotations

NAME = "Français"

TEXTS: dict[str, str] = {
    "chat.help": (
        "Je décris des images. Envoie-moi une photo (ou plusieurs) et je te dirai ce que je "
        "vois.\n\n"
        "Ensuite, tu peux :\n"
        "• demander une autre légende : « encore » ou /again\n"
        "• changer de style : /style funny, « plus court », « en hashtags » (/style les liste)\n"
        "• poser une question sur l'image (en anglais pour l'instant) : "
        "« what is the man holding? », « what is on the table? »\n"
        "• faire lire le texte qu'elle contient : « qu'est-ce qui est écrit ? » ou /read\n"
        "• répondre à une photo ou à une légende précédente pour parler de cette image\n\n"
        "Commandes : {commands}"
    ),
    "chat.start": "Salut ! {help}",
    "chat.no_image": (
        "Envoie-moi d'abord une photo et je lui trouverai une légende. Ensuite, tu pourras "
        "demander une autre légende ou un autre style, ou me poser une question dessus."
    ),
    "chat.chat": (
        "Je suis un bot de légendes : je ne peux parler que d'images. Envoie-moi une photo, ou "
        "réponds à l'une d'elles avec une question comme « what is on the table? ». /help en dit "
        "plus."
    ),
    "chat.too_long": (
        "Ce message est trop long pour moi : écris moins de {limit} caractères, avec ou sans "
        "image (par exemple « plus drôle »)."
    ),
    "chat.not_an_image": (
        "Ce fichier ne ressemble pas à une image. Envoie une image, s'il te plaît ({formats})."
    ),
    "chat.picture_too_big": "Cette image est trop lourde (la limite est de {limit_mb} Mo).",
    "chat.download_failed": "Je n'ai pas pu télécharger cette image. Essaie de la renvoyer.",
    "chat.image_gone": (
        "Je n'ai plus cette image (peut-être à cause de /forget). Renvoie-la, s'il te plaît."
    ),
    "chat.button_expired": (
        "Ce bouton ne fonctionne plus. Renvoie l'image pour en avoir de nouveaux."
    ),
    "chat.again_button": "🔁 Encore",
    "chat.nothing_new": (
        "Je n'arrive pas à trouver pour cette image une légende que je n'aie pas déjà donnée. "
        "/history liste celles d'avant."
    ),
    "chat.cannot_tell": "Je ne peux pas le savoir d'après l'image.",
    "chat.i_see": "Je vois : {text}.",
    "chat.understood_nothing": (
        "Je ne peux décrire que ce que je vois, donc je ne peux pas répondre exactement à ça. "
        "Voici ce que je vois en regardant de plus près : {text}"
    ),
    "chat.album_hint": (
        "Réponds à l'une des photos pour changer son style ou poser une question dessus."
    ),
    "chat.kept_for_later": ("J'ai gardé ton image : dis « encore » quand tu veux que je réessaie."),
    "chat.failed": ("Désolé, quelque chose s'est mal passé de mon côté. Réessaie, s'il te plaît."),
    "command.style": "Changer le style des légendes, ou lister les styles",
    "command.style.name": "un style : funny, poetic, short, ...",
    "command.again": "Une autre légende pour l'image actuelle",
    "command.history": "Les légendes de l'image actuelle",
    "command.forget": "Supprimer tout ce qui est stocké pour ce chat",
    "command.auto": "Légender chaque image publiée ici, ou arrêter",
    "command.auto.state": "on ou off",
    "command.help": "Ce que je sais faire",
    "command.start": "Dire bonjour et montrer ce que je sais faire",
    "command.groups_only": "(groupes)",
    "command.unknown": "Je ne connais pas /{name}. Essaie /help.",
    "auto.usage": "Utilise /auto on ou /auto off. Ici, c'est actuellement « {state} ».",
    "auto.private": (
        "Dans une discussion privée, je légende de toute façon chaque image que tu envoies."
    ),
    "auto.on": "Légendes automatiques activées : je légenderai chaque image publiée ici.",
    "auto.off": (
        "Légendes automatiques désactivées : mentionne-moi ou réponds-moi pour obtenir une légende."
    ),
    "forget.done": (
        "C'est fait. J'ai supprimé tout ce que j'avais stocké pour ce chat : {images} images "
        "avec leurs légendes, notre conversation et tes réglages."
    ),
    "forget.done_one": (
        "C'est fait. J'ai supprimé tout ce que j'avais stocké pour ce chat : une image avec ses "
        "légendes, notre conversation et tes réglages."
    ),
    "forget.done_no_pictures": (
        "C'est fait. J'ai supprimé tout ce que j'avais stocké pour ce chat : notre conversation "
        "et tes réglages (il n'y avait pas d'images)."
    ),
    "forget.nothing": "Je n'avais rien stocké pour ce chat.",
    "group.admins_only": (
        "Seuls les admins de ce groupe peuvent utiliser /{command} ici : cela modifie le chat de "
        "tout le groupe."
    ),
    "history.header": "Légendes de cette image :",
    "history.caption": "{number}. ({style}) {text}",
    "history.answer": "{number}. Q : {question} R : {answer}",
    "history.none": "Pas encore de légendes. Envoie-moi une photo !",
    "style.list": "Styles (utilise /style NOM) :",
    "style.list_line": "• {name} : {description}",
    "style.now": "Actuel : {name}",
    "style.choice": "{name} : {description}",
    "style.unknown": "Je ne connais pas le style « {name} ».\n{styles}",
    "style.set": "Style réglé sur {name}. Envoie une photo et je la légenderai comme ça.",
    "style.from_now": (
        "{label} à partir de maintenant dans ce chat : /style plain pour revenir en arrière."
    ),
    "style.back_to_plain": "Des légendes simples à partir de maintenant dans ce chat.",
    "style.plain.label": "📝 Simple",
    "style.plain.description": "juste la légende",
    "style.funny.label": "😄 Drôle",
    "style.funny.description": "la légende avec une blague autour",
    "style.poetic.label": "🪶 Poétique",
    "style.poetic.description": "un petit poème sur ce que je vois",
    "style.formal.label": "🎩 Formel",
    "style.formal.description": "une phrase sobre et complète",
    "style.short.label": "✂️ Court",
    "style.short.description": "le moins de mots possible",
    "style.detailed.label": "🔍 Détaillé",
    "style.detailed.description": "davantage de ce que je vois",
    "style.hashtags.label": "#️⃣ Hashtags",
    "style.hashtags.description": "la légende en hashtags",
    "style.emoji.label": "✨ Émojis",
    "style.emoji.description": "la légende avec des émojis",
    "caption.error": (
        "Quelque chose s'est mal passé pendant la création de la légende. Réessaie, s'il te plaît."
    ),
    "caption.busy": "Je légende beaucoup d'images en ce moment. Réessaie dans un instant.",
    "caption.timeout": "La légende a pris trop de temps cette fois. Réessaie, s'il te plaît.",
    "caption.stopped": (
        "Je suis en train de redémarrer. Renvoie ça dans une minute, s'il te plaît."
    ),
    "caption.failed": (
        "Quelque chose s'est mal passé en légendant cette image. Essaie avec une autre."
    ),
    "read.it_says": "C'est écrit : « {text} »",
    "read.it_says_more": (
        "C'est écrit : « {text} … » (encore {more} caractères : /read pour tout voir)"
    ),
    "read.whole": "C'est écrit :\n{text}",
    "read.none": "Je ne trouve aucun texte lisible sur cette image.",
    "read.not_read": (
        "Je n'ai pas pu lire le texte de cette image à sa réception (la lecture du texte était "
        "désactivée ou a échoué). Renvoie-la et je réessaierai."
    ),
    "command.read": "Lire le texte de l'image",
    "command.alt": "Texte alternatif pour l'image, prêt à coller",
    "read.alt": "{caption}. Texte dans l'image : « {text} »",
    "read.alt_plain": "{caption}.",
    "model.demo": (
        "🧪 Modèle de démo : il ne connaît que des formes colorées, il ne peut donc pas décrire "
        "de vraies photos."
    ),
    "model.demo_fallback": (
        "🧪 Modèle de démo : le modèle de légendes complet n'est pas disponible sur ce serveur, "
        "alors c'est un tout petit modèle de démo qui répond. Il ne connaît que des formes "
        "colorées, il ne peut donc pas décrire de vraies photos."
    ),
    "model.random": (
        "🧪 Modèle de test aux poids aléatoires (pour des tests de vitesse) : ses légendes n'ont "
        "aucun sens."
    ),
    "caption.unreadable": (
        "Le modèle n'a produit aucune légende lisible pour cette image (seulement des symboles "
        "épars), je n'ai donc rien à te montrer."
    ),
    "caption.unavailable": (
        "Les légendes ne sont pas disponibles pour le moment. Réessaie d'ici peu."
    ),
    "image.unreadable": "Désolé, je n'ai pas pu lire cette image.",
    "image.not_an_image": (
        "Ce fichier ne ressemble pas à une image que je peux lire. Envoie une image, s'il te "
        "plaît ({formats})."
    ),
    "image.truncated": (
        "Cette image semble incomplète ou endommagée. Tu peux essayer de la renvoyer ?"
    ),
    "image.empty": "Ce fichier est vide. Envoie une photo, s'il te plaît.",
    "image.too_large": (
        "Ce fichier est trop lourd ({size_mb} Mo). Envoie une image de moins de {limit_mb} Mo."
    ),
    "image.too_many_pixels": (
        "Cette image a trop de pixels. Envoie-en une de moins de {megapixels:g} mégapixels."
    ),
    "image.too_many_pixels_sized": (
        "Cette image a trop de pixels ({width}x{height} pixels). "
        "Envoie-en une de moins de {megapixels:g} mégapixels."
    ),
    "telegram.too_big": (
        "Ce fichier dépasse 20 Mo, plus que ce que Telegram permet aux bots de télécharger. "
        "Envoie-le comme photo (Telegram la compresse) ou envoie un fichier plus petit."
    ),
    "discord.caption": "Légender une image",
    "discord.caption.image": "l'image à légender",
    "discord.caption.style": "comment écrire la légende",
    "discord.context_menu": "Légender l'image",
    "web.cross_site": "Les requêtes venant d'autres sites ne sont pas acceptées.",
    "web.not_a_form": "Envoie le message sous forme de formulaire (multipart/form-data).",
    "web.text_not_text": "Le champ texte doit contenir du texte.",
    "web.image_not_file": "Le champ image doit être un fichier.",
    "web.button_not_json": 'Envoie le bouton en JSON : {{"payload": ...}}.',
    "web.button_no_payload": "Un appui sur un bouton a besoin d'un payload.",
    "web.no_such_picture": "Cette image n'existe pas dans ce chat.",
    "web.restarting": "Captionist redémarre. Ton message sera renvoyé dans un instant.",
    "web.unavailable": (
        "Captionist ne peut pas enregistrer de messages pour le moment. Le tien sera renvoyé."
    ),
    "style.catchy.label": "📣 Accrocheur",
    "style.catchy.description": "une légende pour les réseaux sociaux, avec des hashtags",
    "chat.cannot_tell_but": ("Je ne peux pas le savoir d'après l'image. Ce que je vois : {text}."),
    "chat.needs_llm": (
        "Pour ça, il faut un modèle de langage, et aucun n'est configuré pour moi : tout seul, "
        "je peux seulement légender des images et répondre à des questions simples à leur "
        "sujet. La personne qui gère ce bot peut en connecter un (n'importe quel serveur "
        "compatible OpenAI, comme Ollama) avec LLM_BASE_URL et LLM_MODEL."
    ),
    "talk.thanks": "Avec plaisir ! Envoie une autre photo quand tu veux.",
    "talk.hello": "Salut ! Envoie-moi une photo et je te dirai ce que je vois.",
    "talk.who": (
        "Je suis Captionist, un bot qui légende les images. Envoie-moi une photo, puis demande "
        "une autre légende ou un autre style, ou pose-moi une question dessus. /help en dit plus."
    ),
    "talk.how_are_you": "Je vais bien, merci, et je suis prêt pour ta prochaine image !",
    "talk.bye": "À plus ! Je serai là quand tu auras une autre image.",
    "talk.praise": "Merci ! 😊",
    "access.not_allowed": (
        "Désolé, ce bot est privé : il ne répond qu'aux personnes pour qui il a été configuré."
    ),
    "access.blocked": "Désolé, l'opérateur de ce bot a bloqué ce chat ou ce compte.",
    "limit.hour": (
        "Tu as atteint la limite de {limit} images par heure. Tu pourras envoyer la prochaine à "
        "{at} (dans {wait})."
    ),
    "limit.day": (
        "Tu as atteint la limite de {limit} images par jour. Tu pourras envoyer la prochaine à "
        "{at} (dans {wait})."
    ),
    "command.privacy": "Ce que je stocke sur ce chat, et où vont les images",
    "command.stats": "Utilisation et état de santé (admins)",
    "command.block": "Bloquer un utilisateur ou un chat : /block platform:id (admins)",
    "command.unblock": "Lever un blocage : /unblock platform:id (admins)",
    "command.block.id": "platform:id, p. ex. telegram:123456",
    "help.admin": "Commandes admin : {commands}",
    "privacy.stored": (
        "Ce que je stocke sur ce chat : les images qu'on m'envoie (une petite copie de chacune), "
        "le texte que j'y lis, mes légendes et mes réponses, ce qui a été dit à leur sujet, et "
        "les réglages du chat."
    ),
    "privacy.kept": (
        "Je garde les {images} dernières images d'un chat, aucune de plus de {days} jours ; les "
        "plus anciennes sont supprimées avec ce qui a été dit à leur sujet."
    ),
    "privacy.kept_count": (
        "Je garde les {images} dernières images d'un chat ; les plus anciennes sont supprimées."
    ),
    "privacy.where_here": (
        "Les images sont légendées, et leur texte lu, sur la machine de ce bot ; elles ne vont "
        "nulle part ailleurs."
    ),
    "privacy.where_worker": (
        "Les images sont légendées, et leur texte lu, par le worker de légendes de ce bot "
        "({hosts}), qui ne garde rien."
    ),
    "privacy.where_llm": (
        "Les légendes et tes questions sont aussi envoyées à un fournisseur de modèle de langage "
        "({provider})."
    ),
    "privacy.where_here_and_llm": (
        "Les images sont légendées sur la machine de ce bot ; elles vont aussi au fournisseur "
        "de modèle de langage indiqué ci-dessous."
    ),
    "privacy.where_llm_vision": (
        "Tes images, leurs légendes et tes questions sont aussi envoyées à un fournisseur de "
        "modèle de langage ({provider})."
    ),
    "privacy.forget": (
        "/forget supprime d'un coup tout ce qui est stocké pour ce chat : images, légendes, "
        "conversation et réglages."
    ),
    "privacy.language": (
        "Si tu as choisi une langue avec /language, je garde ce choix (le tien, pas celui du "
        "chat) ; /language auto l'efface."
    ),
    "stats.report": (
        "Aujourd'hui (UTC, ce processus) : {pictures} image(s) de {people} personne(s)\n"
        "Latence des réponses : p50 {p50}, p95 {p95} (réponses récentes de ce processus)\n"
        "File d'attente : {inbox} événement(s) en attente, {engine} image(s) en attente du "
        "modèle\n"
        "Erreurs journalisées : {errors} ({error_kinds})\n"
        "Modèle : {model} sur {device} ({precision})\n"
        "Identifiants bloqués : {blocked}"
    ),
    "block.usage": "Utilise /{command} platform:id, p. ex. /{command} telegram:123456.",
    "block.admin": "{key} est admin : les admins ne peuvent pas être bloqués.",
    "block.already": "{key} est déjà bloqué.",
    "block.done": "{key} est bloqué : je ne lui répondrai plus.",
    "unblock.not_blocked": "{key} n'est pas bloqué.",
    "unblock.done": "{key} est débloqué.",
    "command.language": "Choisir la langue dans laquelle je t'écris",
    "command.language.code": "un code de langue : en, de, es, ... ou auto",
    "language.list": "Les langues que je parle (utilise /language CODE) :",
    "language.list_line": "• {code} : {name}",
    "language.current_chosen": (
        "Actuellement : {name}, comme tu l'as choisi. /language auto pour suivre à nouveau ton "
        "appli."
    ),
    "language.current_auto": "Actuellement : {name}, d'après la langue de ton appli.",
    "language.set": "D'accord, à partir de maintenant je t'écris en français.",
    "language.auto": "D'accord, je suis à nouveau la langue de ton appli : {name}.",
    "language.unknown": "Je ne parle pas encore « {code} ».\n{languages}",
    "question.english_only": (
        "Pour l'instant, je ne comprends les questions sur les images qu'en anglais, par "
        "exemple « what is the man holding? ». Pose-la-moi en anglais, ou envoie une autre "
        "photo."
    ),
    "frame.funny.1": ("Flash info : « {c} » repéré à l'état sauvage. Les experts sont perplexes."),
    "frame.funny.2": "POV : tu es « {c} » et quelqu'un vient de te prendre en photo.",
    "frame.funny.3": "{C}. C'est tout. C'est toute l'intrigue.",
    "frame.funny.4": (
        "Retournement de situation : « {c} » était le personnage principal depuis le début."
    ),
    "frame.funny.5": "Moi, en train d'essayer d'avoir l'air détendu : {c}.",
    "frame.poetic.1": (
        "Contemple : {c},\nimmobile sous la lumière ;\n{d} — l'instant retient son souffle."
    ),
    "frame.poetic.2": (
        "Dans ce petit cadre vit « {c} »,\net le jour se fait silence alentour ;\n{d}, doucement."
    ),
    "frame.poetic.3": "{C} —\nle monde s'arrête,\net l'image se souvient : {d}.",
    "frame.formal.1": "L'image représente : {c}.",
    "frame.formal.2": "Cette photographie montre : {c}.",
    "frame.detailed.closer": "En regardant de plus près :",
    "frame.catchy.1": "{C} ✨",
    "frame.catchy.2": "Pris sur le vif : {c} 📸",
    "frame.catchy.3": "Coup de cœur : {c} 📸",
    "frame.catchy.4": "Humeur du jour : {c} 💫",
    "discord.alt_menu": "Décrire en texte alternatif",
    "feedback.up_button": "👍",
    "feedback.down_button": "👎",
    "feedback.thanks_up": "Merci ! Content que la légende soit juste. 👍",
    "feedback.ask": (
        "Désolé, ça ne colle pas. Qu'est-ce qu'on voit sur l'image ? Envoie-moi une meilleure "
        "légende dans ton prochain message (ou /correct un chat sur un canapé)."
    ),
    "feedback.thanks_correction": "Merci ! Je retiens que cette image montre « {correction} ».",
    "feedback.unusable": (
        "Je ne peux pas utiliser ça comme légende : écris avec des mots ce que montre l'image, "
        "en {limit} caractères maximum."
    ),
    "feedback.correct_usage": (
        "Écris la meilleure légende après la commande, par exemple : /correct un chat sur un canapé"
    ),
    "feedback.off": "La notation des légendes est désactivée sur ce bot.",
    "command.correct": "Proposer une meilleure légende pour l'image actuelle",
    "command.correct.caption": "ce que montre l'image",
    "privacy.feedback": (
        "Quand tu notes ou corriges une légende, je garde ça avec l'image jusqu'à {days} jours "
        "(plus longtemps que les autres images) pour améliorer le modèle de légendes ; /forget "
        "le supprime aussi."
    ),
    "stats.feedback": "Notes : {ratings}",
    "stats.feedback_model": "{model} : {approval} 👍 sur {rated} notées, {corrections} corrigées",
    "stats.feedback_none": "aucune pour l'instant",
}

# Whole messages (lowercased, punctuation removed, POLITE words removed before matching) that ask
# for another caption of the same picture.
AGAIN: tuple[str, ...] = (
    "encore",
    "encore une",
    "encore un",
    "encore une fois",
    "encore un essai",
    "une fois de plus",
    "à nouveau",
    "a nouveau",
    "de nouveau",
    "une autre",
    "un autre",
    "une autre légende",
    "une autre legende",
    "autre légende",
    "autre legende",
    "une nouvelle",
    "une nouvelle légende",
    "une nouvelle legende",
    "nouvelle légende",
    "nouvelle legende",
    "une légende différente",
    "une legende differente",
    "légende différente",
    "legende differente",
    "une autre description",
    "nouvelle description",
    "réessaie",
    "reessaie",
    "réessaye",
    "reessaye",
    "essaie encore",
    "essaye encore",
    "essaie à nouveau",
    "essaie a nouveau",
    "essaie de nouveau",
    "nouvel essai",
    "recommence",
    "refais",
    "refais-le",
    "refais le",
    "refais-la",
    "refais la",
    "rebelote",
)
# Whole messages asking to read out the text in the picture.
READ: tuple[str, ...] = (
    "qu'est-ce qui est écrit",
    "qu'est ce qui est écrit",
    "quest ce qui est ecrit",
    "qu'est-ce qui est écrit dessus",
    "qu'est-ce qui est écrit sur le panneau",
    "qu'est-ce qui est écrit sur l'image",
    "qu'est-ce qui est écrit sur la photo",
    "qu'est-ce qui est marqué",
    "qu'est-ce qu'il y a d'écrit",
    "qu'est-ce qu'il y a écrit",
    "qu'est-ce que ça dit",
    "qu'est ce que ça dit",
    "quest ce que ca dit",
    "qu'y a-t-il d'écrit",
    "ça dit quoi",
    "ca dit quoi",
    "c'est écrit quoi",
    "cest ecrit quoi",
    "c'est marqué quoi",
    "cest marque quoi",
    "il y a écrit quoi",
    "y a écrit quoi",
    "ya ecrit quoi",
    "que dit le texte",
    "que dit le panneau",
    "que dit l'affiche",
    "quel est le texte",
    "c'est quoi le texte",
    "cest quoi le texte",
    "lis le texte",
    "lis-le",
    "lis le",
    "lis-la",
    "lis la",
    "lis ça",
    "lis ca",
    "lis-moi le texte",
    "lis moi le texte",
    "lis-moi ça",
    "lis moi ca",
    "lire le texte",
    "transcris",
    "transcris-le",
    "transcris le",
    "transcris le texte",
    "retranscris le texte",
)
# Whole messages asking for alt text.
ALT: tuple[str, ...] = (
    "texte alternatif",
    "texte alt",
    "un texte alternatif",
    "le texte alternatif",
    "donne-moi un texte alternatif",
    "donne moi un texte alternatif",
    "écris un texte alternatif",
    "ecris un texte alternatif",
    "texte alternatif pour cette image",
    "description pour le texte alternatif",
    "description pour texte alternatif",
    "description de l'image pour le texte alternatif",
    "décris-la pour le texte alternatif",
    "décris la pour le texte alternatif",
    "alternative textuelle",
    "texte de remplacement",
    "balise alt",
    "attribut alt",
)
# Words dropped before whole-message matching.
POLITE: tuple[str, ...] = (
    "s'il te plaît",
    "s'il te plait",
    "sil te plait",
    "sil te plaît",
    "s'il vous plaît",
    "s'il vous plait",
    "sil vous plait",
    "stp",
    "svp",
    "vas-y",
    "vas y",
    "allez",
)
# Words or short phrases that, found anywhere in a message, ask for a caption style.
STYLES: dict[str, tuple[str, ...]] = {
    "plain": (
        "neutre",
        "sans fioritures",
        "juste la légende",
        "juste la legende",
        "légende simple",
        "legende simple",
        "tout simple",
        "toute simple",
        "basique",
    ),
    "funny": (
        "drôle",
        "drole",
        "plus drôle",
        "plus drole",
        "marrant",
        "marrante",
        "rigolo",
        "rigolote",
        "amusant",
        "amusante",
        "humoristique",
        "avec humour",
        "avec une blague",
        "fais une blague",
        "fais-moi rire",
        "fais moi rire",
    ),
    "poetic": (
        "poétique",
        "poetique",
        "poème",
        "poeme",
        "poésie",
        "poesie",
        "en vers",
        "en rimes",
        "lyrique",
    ),
    "formal": (
        "formel",
        "formelle",
        "plus formel",
        "soutenu",
        "plus sérieux",
        "plus serieux",
        "plus sérieuse",
        "ton sérieux",
        "professionnel",
        "professionnelle",
    ),
    "short": (
        "plus court",
        "plus courte",
        "courte",
        "bref",
        "brève",
        "breve",
        "en bref",
        "concis",
        "moins de mots",
        "en quelques mots",
        "raccourcis",
        "raccourcir",
    ),
    "detailed": (
        "détaillé",
        "détaillée",
        "detaille",
        "detaillee",
        "plus détaillé",
        "plus de détails",
        "plus de details",
        "en détail",
        "plus long",
        "plus longue",
        "développe",
        "developpe",
        "dis-m'en plus",
        "dis m'en plus",
        "dis men plus",
    ),
    "hashtags": (
        "en hashtags",
        "avec des hashtags",
        "avec hashtags",
        "mots-dièses",
        "mots dièses",
        "mots-clics",
    ),
    "emoji": (
        "émoji",
        "émojis",
        "avec des émojis",
        "avec des emojis",
        "avec émojis",
        "avec emojis",
        "en émojis",
        "en emojis",
        "avec des smileys",
        "frimousses",
    ),
    "catchy": (
        "accrocheur",
        "accrocheuse",
        "plus accrocheur",
        "percutant",
        "percutante",
        "pour les réseaux sociaux",
        "pour les reseaux sociaux",
        "réseaux sociaux",
        "reseaux sociaux",
        "pour insta",
        "pour instagram",
    ),
}
# Greetings, thanks and goodbyes (whole message starts with one of these).
TALK: dict[str, tuple[str, ...]] = {
    "thanks": (
        "merci",
        "merci beaucoup",
        "merci bien",
        "mille mercis",
        "mille merci",
        "merci à toi",
        "merci a toi",
        "je te remercie",
        "c'est gentil",
        "cest gentil",
        "mrc",
        "cimer",
    ),
    "hello": (
        "bonjour",
        "bonsoir",
        "salut",
        "coucou",
        "slt",
        "bjr",
        "cc",
        "wesh",
    ),
    "bye": (
        "au revoir",
        "à plus",
        "à plus tard",
        "a plus tard",
        "à bientôt",
        "a bientot",
        "à la prochaine",
        "a la prochaine",
        "à demain",
        "a demain",
        "bonne nuit",
        "bonne soirée",
        "bonne soiree",
        "bonne journée",
        "bonne journee",
        "tchao",
        "adieu",
        "bisous",
    ),
}
