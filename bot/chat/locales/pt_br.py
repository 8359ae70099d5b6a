"""Portuguese (Brazil) (pt-br): the catalogue's texts and the phrases people use."""

from __future__ import annotations

NAME = "Português (Brasil)"

TEXTS: dict[str, str] = {
    "chat.help": (
        "Eu crio legendas para fotos. Me manda uma foto (ou várias) e eu te conto o que vejo.\n\n"
        "Depois você pode:\n"
        "• pedir outra legenda: “de novo” ou /again\n"
        "• mudar o estilo: /style funny, “mais curta”, “com hashtags” (/style mostra todos)\n"
        "• perguntar sobre a foto (por enquanto, em inglês): “what is the man holding?”, "
        "“what is on the table?”\n"
        "• pedir para eu ler o texto: “o que está escrito?” ou /read\n"
        "• responder a uma foto ou legenda anterior para falar daquela imagem\n\n"
        "Comandos: {commands}"
    ),
    "chat.start": "Oi! {help}",
    "chat.no_image": (
        "Primeiro me manda uma foto que eu crio a legenda. Depois você pode pedir outra "
        "legenda, outro estilo ou me perguntar sobre ela."
    ),
    "chat.chat": (
        "Sou um bot de legendas: só consigo falar sobre fotos. Me manda uma foto ou responde a "
        "uma com uma pergunta como “what is on the table?”. O /help explica mais."
    ),
    "chat.too_long": (
        "Essa mensagem é longa demais para mim: escreve menos de {limit} caracteres, "
        "com foto ou sem (tipo “deixa engraçado”)."
    ),
    "chat.not_an_image": "Esse arquivo não parece ser uma imagem. Me manda uma foto ({formats}).",
    "chat.picture_too_big": "Essa foto é grande demais (o limite é {limit_mb} MB).",
    "chat.download_failed": "Não consegui baixar essa foto. Tenta mandar de novo.",
    "chat.image_gone": (
        "Não tenho mais essa foto (talvez depois do /forget). Manda de novo, por favor."
    ),
    "chat.button_expired": (
        "Esse botão não funciona mais. Manda a foto de novo para ganhar botões novos."
    ),
    "chat.again_button": "🔁 De novo",
    "chat.nothing_new": (
        "Não consegui criar para esta foto nenhuma legenda que eu ainda não tenha dado. "
        "O /history mostra as que já saíram."
    ),
    "chat.cannot_tell": "Não dá para saber isso pela foto.",
    "chat.i_see": "Estou vendo isto: {text}.",
    "chat.understood_nothing": (
        "Só consigo descrever o que vejo, então não dá para responder exatamente isso. "
        "Olhando mais de perto: {text}"
    ),
    "chat.album_hint": "Responde a uma das fotos para mudar o estilo ou perguntar sobre ela.",
    "chat.kept_for_later": (
        "Guardei sua foto: é só dizer “de novo” quando quiser que eu tente mais uma vez."
    ),
    "chat.failed": "Foi mal, algo deu errado do meu lado. Tenta de novo.",
    "command.style": "Muda o estilo das legendas ou mostra os estilos",
    "command.style.name": "um estilo: funny, poetic, short, ...",
    "command.again": "Outra legenda para a foto atual",
    "command.history": "As legendas da foto atual",
    "command.forget": "Apaga tudo o que está guardado deste chat",
    "command.auto": "Legenda cada foto postada aqui, ou deixa de legendar",
    "command.auto.state": "on ou off",
    "command.help": "O que eu sei fazer",
    "command.start": "Diz oi e mostra o que eu sei fazer",
    "command.groups_only": "(grupos)",
    "command.unknown": "Não conheço o /{name}. Tenta o /help.",
    "auto.usage": "Use /auto on ou /auto off. Aqui está em “{state}” agora.",
    "auto.private": "Num chat privado eu já legendo toda foto que você manda.",
    "auto.on": "Legendas automáticas ativadas: vou legendar cada foto postada aqui.",
    "auto.off": (
        "Legendas automáticas desativadas: me mencione ou me responda para receber uma legenda."
    ),
    "forget.done": (
        "Pronto. Apaguei tudo o que eu tinha guardado deste chat: {images} fotos com as "
        "legendas delas, nossa conversa e suas configurações."
    ),
    "forget.done_one": (
        "Pronto. Apaguei tudo o que eu tinha guardado deste chat: uma foto com as legendas "
        "dela, nossa conversa e suas configurações."
    ),
    "forget.done_no_pictures": (
        "Pronto. Apaguei tudo o que eu tinha guardado deste chat: nossa conversa e suas "
        "configurações (não tinha nenhuma foto)."
    ),
    "forget.nothing": "Eu não tinha nada guardado deste chat.",
    "group.admins_only": (
        "Só os admins deste grupo podem usar /{command} aqui: isso muda o chat do grupo todo."
    ),
    "history.header": "Legendas desta foto:",
    "history.caption": "{number}. ({style}) {text}",
    "history.answer": "{number}. P: {question} R: {answer}",
    "history.none": "Ainda não tem nenhuma legenda. Me manda uma foto!",
    "style.list": "Estilos (use /style NOME):",
    "style.list_line": "• {name}: {description}",
    "style.now": "Agora: {name}",
    "style.choice": "{name}: {description}",
    "style.unknown": "Não conheço o estilo “{name}”.\n{styles}",
    "style.set": "Estilo alterado para {name}. Me manda uma foto que eu legendo desse jeito.",
    "style.from_now": "{label} a partir de agora neste chat: /style plain para voltar.",
    "style.back_to_plain": "Legendas simples a partir de agora neste chat.",
    "style.plain.label": "📝 Simples",
    "style.plain.description": "só a legenda",
    "style.funny.label": "😄 Engraçado",
    "style.funny.description": "a legenda com uma piada em volta",
    "style.poetic.label": "🪶 Poético",
    "style.poetic.description": "um pequeno poema sobre o que eu vejo",
    "style.formal.label": "🎩 Formal",
    "style.formal.description": "uma frase sóbria e completa",
    "style.short.label": "✂️ Curto",
    "style.short.description": "com o mínimo de palavras possível",
    "style.detailed.label": "🔍 Detalhado",
    "style.detailed.description": "mais do que eu consigo ver",
    "style.hashtags.label": "#️⃣ Hashtags",
    "style.hashtags.description": "a legenda em hashtags",
    "style.emoji.label": "✨ Emojis",
    "style.emoji.description": "a legenda com emojis",
    "caption.error": "Algo deu errado ao criar a legenda. Tenta de novo.",
    "caption.busy": "Estou legendando muitas fotos agora. Tenta de novo daqui a pouco.",
    "caption.timeout": "Dessa vez a legenda demorou demais. Tenta de novo.",
    "caption.stopped": "Estou reiniciando agora. Manda de novo daqui a um minuto.",
    "caption.failed": "Algo deu errado ao legendar essa foto. Tenta com outra.",
    "read.it_says": "Está escrito: “{text}”",
    "read.it_says_more": ("Está escrito: “{text} …” (mais {more} caracteres: /read para ler tudo)"),
    "read.whole": "Está escrito:\n{text}",
    "read.none": "Não encontrei nenhum texto legível nesta foto.",
    "read.not_read": (
        "Não consegui ler o texto desta foto quando ela chegou (a leitura de texto estava "
        "desligada ou falhou). Manda de novo que eu tento mais uma vez."
    ),
    "command.read": "Lê o texto que aparece na foto",
    "command.alt": "Texto alternativo da foto, pronto para colar",
    "read.alt": "{caption}. Texto na imagem: “{text}”",
    "read.alt_plain": "{caption}.",
    "model.demo": (
        "🧪 Modelo de demonstração: ele só conhece formas coloridas, então não consegue "
        "descrever fotos de verdade."
    ),
    "model.demo_fallback": (
        "🧪 Modelo de demonstração: o modelo de legendas completo não está disponível neste "
        "servidor, então quem responde é um modelo de demonstração minúsculo. Ele só conhece "
        "formas coloridas, então não consegue descrever fotos de verdade."
    ),
    "model.random": (
        "🧪 Modelo de teste com pesos aleatórios (para testes de velocidade): as legendas dele "
        "não fazem sentido."
    ),
    "caption.unreadable": (
        "O modelo não gerou nenhuma legenda legível para esta foto (só símbolos soltos), então "
        "não tenho nada para te mostrar."
    ),
    "caption.unavailable": (
        "As legendas estão indisponíveis no momento. Tenta de novo daqui a pouco."
    ),
    "image.unreadable": "Foi mal, não consegui ler essa imagem.",
    "image.not_an_image": (
        "Esse arquivo não parece ser uma imagem que eu consiga ler. Me manda uma foto ({formats})."
    ),
    "image.truncated": (
        "Essa imagem parece estar incompleta ou corrompida. Você pode tentar mandar de novo?"
    ),
    "image.empty": "Esse arquivo está vazio. Me manda uma foto.",
    "image.too_large": (
        "Esse arquivo é grande demais ({size_mb} MB). Me manda uma imagem com menos de "
        "{limit_mb} MB."
    ),
    "image.too_many_pixels": (
        "Essa imagem tem pixels demais. Me manda uma com menos de {megapixels:g} megapixels."
    ),
    "image.too_many_pixels_sized": (
        "Essa imagem tem pixels demais ({width}x{height} pixels). "
        "Me manda uma com menos de {megapixels:g} megapixels."
    ),
    "telegram.too_big": (
        "Esse arquivo tem mais de 20 MB, mais do que o Telegram deixa os bots baixarem. Manda "
        "como foto (o Telegram comprime) ou um arquivo menor."
    ),
    "discord.caption": "Legenda uma imagem",
    "discord.caption.image": "a imagem para legendar",
    "discord.caption.style": "como escrever a legenda",
    "discord.context_menu": "Legendar imagem",
    "web.cross_site": "Não são aceitas solicitações de outros sites.",
    "web.not_a_form": "Envie a mensagem como formulário (multipart/form-data).",
    "web.text_not_text": "O campo text precisa ser texto.",
    "web.image_not_file": "O campo image precisa ser um arquivo.",
    "web.button_not_json": 'Envie o botão como JSON: {{"payload": ...}}.',
    "web.button_no_payload": "Apertar um botão precisa de um payload.",
    "web.no_such_picture": "Essa foto não existe neste chat.",
    "web.restarting": (
        "O Captionist está reiniciando. Sua mensagem vai ser enviada de novo daqui a pouco."
    ),
    "web.unavailable": (
        "O Captionist não consegue guardar mensagens no momento. A sua vai ser enviada de novo."
    ),
    "style.catchy.label": "📣 Chamativo",
    "style.catchy.description": "uma legenda para redes sociais com hashtags",
    "chat.cannot_tell_but": "Não dá para saber isso pela foto. O que eu consigo ver: {text}.",
    "chat.needs_llm": (
        "Isso precisa de um modelo de linguagem, e não tenho nenhum configurado: sozinho, eu só "
        "consigo legendar fotos e responder perguntas simples sobre elas. Quem administra este "
        "bot pode conectar um (qualquer servidor compatível com a OpenAI, como o Ollama) com "
        "LLM_BASE_URL e LLM_MODEL."
    ),
    "talk.thanks": "De nada! Manda outra foto quando quiser.",
    "talk.hello": "Oi! Me manda uma foto que eu te conto o que vejo.",
    "talk.who": (
        "Eu sou o Captionist, um bot que cria legendas para fotos. Me manda uma foto e depois "
        "pede outra legenda, outro estilo ou me pergunta sobre ela. O /help explica mais."
    ),
    "talk.how_are_you": "Tudo ótimo, obrigado, e pronto para a sua próxima foto!",
    "talk.bye": "Tchau! Vou estar por aqui quando você tiver outra foto.",
    "talk.praise": "Valeu! 😊",
    "access.not_allowed": (
        "Foi mal, este bot é privado: ele só responde às pessoas para quem foi configurado."
    ),
    "access.blocked": "Foi mal, quem administra este bot bloqueou este chat ou esta conta.",
    "limit.hour": (
        "Você chegou ao limite de {limit} fotos por hora. Pode mandar a próxima às "
        "{at} (daqui a {wait})."
    ),
    "limit.day": (
        "Você chegou ao limite de {limit} fotos por dia. Pode mandar a próxima às "
        "{at} (daqui a {wait})."
    ),
    "command.privacy": "O que eu guardo deste chat e para onde vão as fotos",
    "command.stats": "Uso e saúde do bot (admins)",
    "command.block": "Bloqueia um usuário ou chat: /block platform:id (admins)",
    "command.unblock": "Remove um bloqueio: /unblock platform:id (admins)",
    "command.block.id": "platform:id, por ex. telegram:123456",
    "help.admin": "Comandos de admin: {commands}",
    "privacy.stored": (
        "O que eu guardo deste chat: as fotos que me mandam (uma cópia pequena de cada), o "
        "texto que leio nelas, minhas legendas e respostas, o que foi dito sobre elas e as "
        "configurações do chat."
    ),
    "privacy.kept": (
        "Guardo as últimas {images} fotos de cada chat, nenhuma com mais de {days} dias; as "
        "mais antigas são apagadas junto com o que foi dito sobre elas."
    ),
    "privacy.kept_count": (
        "Guardo as últimas {images} fotos de cada chat; as mais antigas são apagadas."
    ),
    "privacy.where_here": (
        "As fotos são legendadas, e o texto delas é lido, na própria máquina deste bot; elas não "
        "vão para nenhum outro lugar."
    ),
    "privacy.where_worker": (
        "As fotos são legendadas, e o texto delas é lido, pelo worker de legendas deste bot "
        "({hosts}), que não guarda nada."
    ),
    "privacy.where_llm": (
        "As legendas e as suas perguntas também são enviadas a um provedor de modelo de "
        "linguagem ({provider})."
    ),
    "privacy.where_here_and_llm": (
        "As fotos são legendadas na própria máquina deste bot; elas também vão para o provedor "
        "de modelo de linguagem indicado abaixo."
    ),
    "privacy.where_llm_vision": (
        "Suas fotos, as legendas delas e as suas perguntas também são enviadas a um provedor de "
        "modelo de linguagem ({provider})."
    ),
    "privacy.forget": (
        "O /forget apaga de uma vez tudo o que está guardado deste chat: fotos, legendas, "
        "conversa e configurações."
    ),
    "privacy.language": (
        "Se você escolheu um idioma com /language, eu guardo essa escolha (sua, não do chat);"
        " /language auto a apaga."
    ),
    "stats.report": (
        "Hoje (UTC, este processo): {pictures} foto(s) de {people} pessoas\n"
        "Latência das respostas: p50 {p50}, p95 {p95} (respostas recentes deste processo)\n"
        "Fila: {inbox} evento(s) aguardando, {engine} foto(s) aguardando o modelo\n"
        "Erros registrados: {errors} ({error_kinds})\n"
        "Modelo: {model} em {device} ({precision})\n"
        "IDs bloqueados: {blocked}"
    ),
    "block.usage": "Use /{command} platform:id, por ex. /{command} telegram:123456.",
    "block.admin": "{key} é admin: admins não podem ser bloqueados.",
    "block.already": "{key} já está bloqueado.",
    "block.done": "{key} foi bloqueado: não vou mais responder.",
    "unblock.not_blocked": "{key} não está bloqueado.",
    "unblock.done": "{key} foi desbloqueado.",
    "command.language": "Escolhe o idioma em que eu te escrevo",
    "command.language.code": "um código de idioma: en, de, es, ... ou auto",
    "language.list": "Idiomas que eu falo (use /language CÓDIGO):",
    "language.list_line": "• {code}: {name}",
    "language.current_chosen": (
        "Agora: {name}, como você escolheu. Com /language auto eu volto a seguir o idioma do "
        "seu app."
    ),
    "language.current_auto": "Agora: {name}, pelo idioma do seu app.",
    "language.set": "Beleza, a partir de agora vou te escrever em português.",
    "language.auto": "Beleza, vou voltar a seguir o idioma do seu app: {name}.",
    "language.unknown": "Ainda não falo “{code}”.\n{languages}",
    "question.english_only": (
        "Por enquanto eu só entendo perguntas sobre fotos em inglês, por exemplo "
        "“what is the man holding?”. Pergunta em inglês ou me manda outra foto."
    ),
    "frame.funny.1": ("Urgente: “{c}” é avistado na natureza. Os especialistas estão perplexos."),
    "frame.funny.2": "POV: você é “{c}” e alguém acabou de tirar uma foto sua.",
    "frame.funny.3": "{C}. É isso. Esse é o enredo todo.",
    "frame.funny.4": "Plot twist: “{c}” era o protagonista o tempo todo.",
    "frame.funny.5": "Eu, tentando parecer natural: {c}.",
    "frame.poetic.1": ("Eis “{c}”,\nquieto sob a luz;\n{d} — o instante prende a respiração."),
    "frame.poetic.2": (
        "Nesta pequena moldura vive “{c}”,\ne o dia se aquieta ao redor;\n{d}, bem de leve."
    ),
    "frame.poetic.3": "{C} —\no mundo para,\ne a imagem se lembra de “{d}”.",
    "frame.formal.1": "A imagem retrata o seguinte: {c}.",
    "frame.formal.2": "Esta fotografia mostra “{c}”.",
    "frame.detailed.closer": "Olhando mais de perto:",
    "frame.catchy.1": "{C} ✨",
    "frame.catchy.2": "Flagra da câmera: {c} 📸",
    "frame.catchy.3": "Vivendo por {c} 📸",
    "frame.catchy.4": "Mood de hoje: {c} 💫",
    "discord.alt_menu": "Gerar texto alternativo",
    "feedback.up_button": "👍",
    "feedback.down_button": "👎",
    "feedback.thanks_up": "Valeu! Que bom que a legenda combinou. 👍",
    "feedback.ask": (
        "Poxa, foi mal. O que aparece na foto? Manda uma legenda melhor na sua próxima mensagem "
        "(ou /correct um gato no sofá)."
    ),
    "feedback.thanks_correction": "Valeu! Vou lembrar que esta foto mostra “{correction}”.",
    "feedback.unusable": (
        "Não dá para usar isso como legenda: escreve em palavras o que aparece na foto, com no "
        "máximo {limit} caracteres."
    ),
    "feedback.correct_usage": (
        "Escreve a legenda melhor depois do comando, por exemplo: /correct um gato no sofá"
    ),
    "feedback.off": "Avaliar legendas está desativado neste bot.",
    "command.correct": "Dá uma legenda melhor para a foto atual",
    "command.correct.caption": "o que aparece na foto",
    "privacy.feedback": (
        "Quando você avalia ou corrige uma legenda, eu guardo isso junto com a foto por até "
        "{days} dias (mais tempo que as outras fotos) para melhorar o modelo de legendas; o "
        "/forget apaga isso também."
    ),
    "stats.feedback": "Avaliações: {ratings}",
    "stats.feedback_model": "{model}: {approval} 👍 de {rated} avaliadas, {corrections} corrigidas",
    "stats.feedback_none": "nenhuma ainda",
}

# Whole messages (lowercased, punctuation removed, POLITE words removed before matching) that ask
# for another caption of the same picture.
AGAIN: tuple[str, ...] = (
    "de novo",
    "denovo",
    "novamente",
    "outra vez",
    "outra",
    "outro",
    "mais uma",
    "mais um",
    "mais uma vez",
    "outra legenda",
    "nova legenda",
    "uma nova legenda",
    "outra diferente",
    "legenda diferente",
    "uma legenda diferente",
    "tenta de novo",
    "tente de novo",
    "tenta denovo",
    "tenta outra vez",
    "tente outra vez",
    "tenta novamente",
    "tente novamente",
    "faz de novo",
    "faça de novo",
    "faca de novo",
    "faz outra",
    "faça outra",
    "faca outra",
    "refaz",
    "refaça",
    "refaca",
    "gera outra",
    "gera de novo",
)
# Whole messages asking to read out the text in the picture.
READ: tuple[str, ...] = (
    "o que diz",
    "o que está escrito",
    "o que esta escrito",
    "o que tá escrito",
    "o que ta escrito",
    "oq ta escrito",
    "oq tá escrito",
    "o que tem escrito",
    "oq tem escrito",
    "o que está escrito aí",
    "o que esta escrito ai",
    "o que tá escrito aí",
    "o que ta escrito ai",
    "o que diz aí",
    "o que diz ai",
    "o que diz o texto",
    "o que diz a placa",
    "o que está escrito na placa",
    "o que esta escrito na placa",
    "o que tá escrito na placa",
    "o que ta escrito na placa",
    "o que está escrito nela",
    "o que esta escrito nela",
    "lê",
    "lê isso",
    "le isso",
    "lê pra mim",
    "le pra mim",
    "leia",
    "leia isso",
    "leia o texto",
    "lê o texto",
    "le o texto",
    "transcreve",
    "transcreva",
    "transcreve o texto",
    "transcreva o texto",
)
# Whole messages asking for alt text.
ALT: tuple[str, ...] = (
    "texto alternativo",
    "texto alt",
    "o texto alternativo",
    "um texto alternativo",
    "me dá o texto alternativo",
    "me da o texto alternativo",
    "gera o texto alternativo",
    "gera um texto alternativo",
    "escreve um texto alternativo",
    "texto alternativo pra isso",
    "descrição para texto alternativo",
    "descricao para texto alternativo",
    "descrição pra texto alternativo",
    "descricao pra texto alternativo",
    "descrição da imagem para texto alternativo",
    "descricao da imagem para texto alternativo",
    "pra cego ver",
    "pracegover",
    "descrição pra cego ver",
    "descricao pra cego ver",
)
# Words dropped before whole-message matching.
POLITE: tuple[str, ...] = (
    "por favor",
    "porfavor",
    "por gentileza",
    "pfv",
    "pf",
    "pfvr",
    "faz favor",
)
# Words or short phrases that, found anywhere in a message, ask for a caption style.
STYLES: dict[str, tuple[str, ...]] = {
    "plain": (
        "simples",
        "mais simples",
        "sem estilo",
        "estilo normal",
        "só a legenda",
        "so a legenda",
    ),
    "funny": (
        "engraçado",
        "engracado",
        "engraçada",
        "engracada",
        "mais engraçado",
        "mais engracado",
        "mais engraçada",
        "mais engracada",
        "divertido",
        "divertida",
        "mais divertido",
        "mais divertida",
        "cômico",
        "comico",
        "cômica",
        "comica",
        "com humor",
        "uma piada",
        "com piada",
        "zoeira",
    ),
    "poetic": (
        "poético",
        "poetico",
        "poética",
        "poetica",
        "poema",
        "poesia",
        "em verso",
        "em versos",
        "com rima",
        "lírico",
        "lirico",
    ),
    "formal": (
        "mais formal",
        "formalmente",
        "mais sério",
        "mais serio",
        "tom sério",
        "tom serio",
        "profissional",
        "mais profissional",
    ),
    "short": (
        "curto",
        "curta",
        "mais curto",
        "mais curta",
        "curtinha",
        "curtinho",
        "breve",
        "mais breve",
        "resumido",
        "resumida",
        "conciso",
        "concisa",
        "menos palavras",
        "poucas palavras",
    ),
    "detailed": (
        "detalhado",
        "detalhada",
        "mais detalhado",
        "mais detalhada",
        "mais detalhes",
        "com detalhes",
        "em detalhes",
        "mais longo",
        "mais longa",
        "mais completa",
        "mais completo",
        "me conta mais",
        "conta mais",
    ),
    "hashtags": (
        "com hashtags",
        "em hashtags",
        "como hashtags",
        "com hashtag",
        "em hashtag",
    ),
    "emoji": (
        "com emojis",
        "com emoji",
        "em emojis",
        "com emoticons",
        "com carinhas",
        "carinhas",
    ),
    "catchy": (
        "chamativo",
        "chamativa",
        "mais chamativo",
        "mais chamativa",
        "cativante",
        "pra instagram",
        "para instagram",
        "pro instagram",
        "pras redes",
        "pras redes sociais",
        "para redes sociais",
        "para as redes sociais",
        "de impacto",
    ),
}
# Greetings, thanks and goodbyes (whole message starts with one of these).
TALK: dict[str, tuple[str, ...]] = {
    "thanks": (
        "obrigado",
        "obrigada",
        "muito obrigado",
        "muito obrigada",
        "obg",
        "brigado",
        "brigada",
        "valeu",
        "vlw",
        "agradeço",
        "agradeco",
    ),
    "hello": (
        "oi",
        "oii",
        "olá",
        "ola",
        "opa",
        "e aí",
        "e ai",
        "eae",
        "bom dia",
        "boa tarde",
    ),
    "bye": (
        "tchau",
        "tchauzinho",
        "até mais",
        "ate mais",
        "até logo",
        "ate logo",
        "até amanhã",
        "ate amanha",
        "até a próxima",
        "ate a proxima",
        "falou",
        "flw",
        "boa noite",
    ),
}
