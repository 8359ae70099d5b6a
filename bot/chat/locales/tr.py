"""Turkish (tr): the catalogue's texts and the phrases people use."""

from __future__ import annotations

NAME = "Türkçe"

TEXTS: dict[str, str] = {
    "chat.help": (
        "Resimlere açıklama yazarım. Bana bir fotoğraf (ya da birkaç tane) gönder, sana ne "
        "gördüğümü söyleyeyim.\n\n"
        "Sonra şunları yapabilirsin:\n"
        "• başka bir açıklama iste: “tekrar” ya da /again\n"
        "• stili değiştir: /style funny, “daha kısa”, “hashtag'li” (/style hepsini listeler)\n"
        "• resim hakkında soru sor (şimdilik İngilizce): “what is the man holding?”, "
        "“what is on the table?”\n"
        "• içindeki yazıyı okut: “ne yazıyor?” ya da /read\n"
        "• o resim hakkında konuşmak için önceki bir fotoğrafa ya da açıklamaya yanıt ver\n\n"
        "Komutlar: {commands}"
    ),
    "chat.start": "Merhaba! {help}",
    "chat.no_image": (
        "Önce bana bir fotoğraf gönder, ona bir açıklama yazayım. Sonra başka bir açıklama ya "
        "da farklı bir stil isteyebilir veya bana onunla ilgili soru sorabilirsin."
    ),
    "chat.chat": (
        "Ben bir açıklama botuyum: yalnızca resimler hakkında konuşabilirim. Bana bir fotoğraf "
        "gönder ya da birine “what is on the table?” gibi bir soruyla yanıt ver. Daha fazlası "
        "için /help."
    ),
    "chat.too_long": (
        "Bu mesaj benim için çok uzun: resimli ya da resimsiz (“daha komik yap” gibi), lütfen "
        "{limit} karakterden az yaz."
    ),
    "chat.not_an_image": "Bu dosya bir resme benzemiyor. Lütfen bir resim gönder ({formats}).",
    "chat.picture_too_big": "Bu resim çok büyük (sınır {limit_mb} MB).",
    "chat.download_failed": "Bu resmi indiremedim. Lütfen tekrar göndermeyi dene.",
    "chat.image_gone": ("O resim artık bende yok (belki /forget yüzünden). Lütfen tekrar gönder."),
    "chat.button_expired": (
        "Bu düğme artık çalışmıyor. Yenilerini almak için resmi tekrar gönder."
    ),
    "chat.again_button": "🔁 Tekrar",
    "chat.nothing_new": (
        "Bu resim için daha önce vermediğim bir açıklama bulamadım. Şimdiye kadarkileri "
        "/history listeler."
    ),
    "chat.cannot_tell": "Bunu resimden anlayamıyorum.",
    "chat.i_see": "Gördüğüm: {text}.",
    "chat.understood_nothing": (
        "Yalnızca gördüğümü anlatabilirim, bu yüzden bunu tam olarak yanıtlayamam. Daha "
        "yakından bakınca: {text}"
    ),
    "chat.album_hint": (
        "Stilini değiştirmek ya da hakkında soru sormak için fotoğraflardan birine yanıt ver."
    ),
    "chat.kept_for_later": (
        "Resmini sakladım: bir daha denememi istediğinde “tekrar” demen yeterli."
    ),
    "chat.failed": "Üzgünüm, benim tarafımda bir şeyler ters gitti. Lütfen tekrar dene.",
    "command.style": "Açıklama stilini değiştir ya da stilleri listele",
    "command.style.name": "bir stil: funny, poetic, short, ...",
    "command.again": "Mevcut resim için başka bir açıklama",
    "command.history": "Mevcut resmin açıklamaları",
    "command.forget": "Bu sohbet için saklanan her şeyi sil",
    "command.auto": "Burada paylaşılan her resme açıklama yaz ya da dur",
    "command.auto.state": "on ya da off",
    "command.help": "Neler yapabildiğim",
    "command.start": "Merhaba de ve neler yapabildiğimi göster",
    "command.groups_only": "(gruplar)",
    "command.unknown": "/{name} komutunu bilmiyorum. /help komutunu dene.",
    "auto.usage": "/auto on ya da /auto off kullan. Burada şu an “{state}” durumunda.",
    "auto.private": "Özel sohbette zaten gönderdiğin her resme açıklama yazıyorum.",
    "auto.on": ("Otomatik açıklama açık: burada paylaşılan her resme açıklama yazacağım."),
    "auto.off": (
        "Otomatik açıklama kapalı: açıklama almak için beni etiketle ya da bana yanıt ver."
    ),
    "forget.done": (
        "Tamam. Bu sohbet için sakladığım her şeyi sildim: açıklamalarıyla birlikte {images} "
        "resim, konuşmamız ve ayarların."
    ),
    "forget.done_one": (
        "Tamam. Bu sohbet için sakladığım her şeyi sildim: açıklamalarıyla birlikte bir resim, "
        "konuşmamız ve ayarların."
    ),
    "forget.done_no_pictures": (
        "Tamam. Bu sohbet için sakladığım her şeyi sildim: konuşmamız ve ayarların (hiç resim "
        "yoktu)."
    ),
    "forget.nothing": "Bu sohbet için sakladığım hiçbir şey yoktu.",
    "group.admins_only": (
        "/{command} komutunu burada yalnızca bu grubun yöneticileri kullanabilir: bu komut tüm "
        "grubun sohbetini değiştirir."
    ),
    "history.header": "Bu resmin açıklamaları:",
    "history.caption": "{number}. ({style}) {text}",
    "history.answer": "{number}. S: {question} C: {answer}",
    "history.none": "Henüz açıklama yok. Bana bir fotoğraf gönder!",
    "style.list": "Stiller (/style AD ile seç):",
    "style.list_line": "• {name}: {description}",
    "style.now": "Şu an: {name}",
    "style.choice": "{name}: {description}",
    "style.unknown": "“{name}” diye bir stil bilmiyorum.\n{styles}",
    "style.set": (
        "Stil {name} olarak ayarlandı. Bir fotoğraf gönder, açıklamasını bu şekilde yazayım."
    ),
    "style.from_now": (
        "{label}: bu sohbette bundan sonra bu stil geçerli. Geri dönmek için /style plain."
    ),
    "style.back_to_plain": "Bu sohbette bundan sonra sade açıklamalar.",
    "style.plain.label": "📝 Sade",
    "style.plain.description": "yalnızca açıklama",
    "style.funny.label": "😄 Komik",
    "style.funny.description": "etrafına bir espri eklenmiş açıklama",
    "style.poetic.label": "🪶 Şiirsel",
    "style.poetic.description": "gördüklerim üzerine küçük bir şiir",
    "style.formal.label": "🎩 Resmî",
    "style.formal.description": "ağırbaşlı, eksiksiz bir cümle",
    "style.short.label": "✂️ Kısa",
    "style.short.description": "olabildiğince az kelime",
    "style.detailed.label": "🔍 Ayrıntılı",
    "style.detailed.description": "gördüklerimden daha fazlası",
    "style.hashtags.label": "#️⃣ Hashtag'ler",
    "style.hashtags.description": "hashtag olarak açıklama",
    "style.emoji.label": "✨ Emoji",
    "style.emoji.description": "emojili açıklama",
    "caption.error": "Açıklama yazılırken bir şeyler ters gitti. Lütfen tekrar dene.",
    "caption.busy": ("Şu anda çok sayıda resme açıklama yazıyorum. Lütfen birazdan tekrar dene."),
    "caption.timeout": "Açıklama yazmak bu sefer çok uzun sürdü. Lütfen tekrar dene.",
    "caption.stopped": (
        "Şu anda yeniden başlatılıyorum. Lütfen bunu bir dakika sonra tekrar gönder."
    ),
    "caption.failed": (
        "O resme açıklama yazılırken bir şeyler ters gitti. Lütfen başka bir resim dene."
    ),
    "read.it_says": "Şöyle yazıyor: “{text}”",
    "read.it_says_more": (
        "Şöyle yazıyor: “{text} …” ({more} karakter daha var: tamamı için /read)"
    ),
    "read.whole": "Şöyle yazıyor:\n{text}",
    "read.none": "Bu resimde okunaklı bir yazı bulamıyorum.",
    "read.not_read": (
        "Bu resim geldiğinde içindeki yazıyı okuyamadım (yazı okuma kapalıydı ya da başarısız "
        "oldu). Tekrar gönder, bir daha deneyeyim."
    ),
    "command.read": "Resimdeki yazıyı oku",
    "command.alt": "Resim için yapıştırmaya hazır alternatif metin",
    "read.alt": "{caption}. Resimdeki yazı: “{text}”",
    "read.alt_plain": "{caption}.",
    "model.demo": (
        "🧪 Demo model: yalnızca renkli şekilleri tanıyor, bu yüzden gerçek fotoğrafları anlatamaz."
    ),
    "model.demo_fallback": (
        "🧪 Demo model: asıl açıklama modeli bu sunucuda yok, bu yüzden küçücük bir demo model "
        "yanıt veriyor. Yalnızca renkli şekilleri tanıyor, bu yüzden gerçek fotoğrafları "
        "anlatamaz."
    ),
    "model.random": (
        "🧪 Rastgele ağırlıklı test modeli (hız testleri için): açıklamaları anlamsızdır."
    ),
    "caption.unreadable": (
        "Model bu resim için okunabilir bir açıklama üretmedi (yalnızca rastgele semboller), "
        "bu yüzden sana gösterebileceğim bir şey yok."
    ),
    "caption.unavailable": (
        "Açıklama yazma şu anda kullanılamıyor. Lütfen biraz sonra tekrar dene."
    ),
    "image.unreadable": "Üzgünüm, bu resmi okuyamadım.",
    "image.not_an_image": (
        "Bu dosya okuyabileceğim bir resme benzemiyor. Lütfen bir resim gönder ({formats})."
    ),
    "image.truncated": (
        "Bu resim eksik ya da bozuk görünüyor. Tekrar göndermeyi deneyebilir misin?"
    ),
    "image.empty": "Bu dosya boş. Lütfen bir fotoğraf gönder.",
    "image.too_large": (
        "Bu dosya çok büyük ({size_mb} MB). Lütfen {limit_mb} MB'tan küçük bir resim gönder."
    ),
    "image.too_many_pixels": (
        "Bu resimde çok fazla piksel var. Lütfen {megapixels:g} megapikselden küçük bir resim "
        "gönder."
    ),
    "image.too_many_pixels_sized": (
        "Bu resimde çok fazla piksel var ({width}x{height} piksel). "
        "Lütfen {megapixels:g} megapikselden küçük bir resim gönder."
    ),
    "telegram.too_big": (
        "Bu dosya 20 MB'tan büyük; Telegram botların bundan büyük dosyaları indirmesine izin "
        "vermiyor. Lütfen fotoğraf olarak (Telegram sıkıştırır) ya da daha küçük bir dosya "
        "olarak gönder."
    ),
    "discord.caption": "Bir resme açıklama yaz",
    "discord.caption.image": "açıklama yazılacak resim",
    "discord.caption.style": "açıklamanın nasıl yazılacağı",
    "discord.context_menu": "Resme açıklama yaz",
    "web.cross_site": "Başka sitelerden gelen istekler kabul edilmiyor.",
    "web.not_a_form": "Mesajı form olarak gönder (multipart/form-data).",
    "web.text_not_text": "Metin alanı metin olmalı.",
    "web.image_not_file": "Resim alanı bir dosya olmalı.",
    "web.button_not_json": 'Düğmeyi JSON olarak gönder: {{"payload": ...}}.',
    "web.button_no_payload": "Düğmeye basmak için bir payload gerekir.",
    "web.no_such_picture": "Bu sohbette böyle bir resim yok.",
    "web.restarting": "Captionist yeniden başlatılıyor. Mesajın birazdan tekrar gönderilecek.",
    "web.unavailable": "Captionist şu an mesajları kaydedemiyor. Seninki tekrar gönderilecek.",
    "style.catchy.label": "📣 Akılda kalıcı",
    "style.catchy.description": "hashtag'li bir sosyal medya açıklaması",
    "chat.cannot_tell_but": "Bunu resimden anlayamıyorum. Gördüğüm: {text}.",
    "chat.needs_llm": (
        "Bunun için bir dil modeli gerekiyor ve benim için ayarlanmış bir tane yok: kendi "
        "başıma yalnızca resimlere açıklama yazabilir ve onlarla ilgili basit soruları "
        "yanıtlayabilirim. Bu botu çalıştıran kişi LLM_BASE_URL ve LLM_MODEL ile bir model "
        "bağlayabilir (Ollama gibi OpenAI uyumlu herhangi bir sunucu)."
    ),
    "talk.thanks": "Rica ederim! İstediğin zaman başka bir fotoğraf gönder.",
    "talk.hello": "Merhaba! Bana bir fotoğraf gönder, sana ne gördüğümü söyleyeyim.",
    "talk.who": (
        "Ben Captionist, resimlere açıklama yazan bir botum. Bana bir fotoğraf gönder, sonra "
        "başka bir açıklama ya da farklı bir stil iste veya bana onunla ilgili soru sor. Daha "
        "fazlası için /help."
    ),
    "talk.how_are_you": "İyiyim, teşekkürler; bir sonraki resmin için hazırım!",
    "talk.bye": "Hoşça kal! Başka bir resmin olduğunda buradayım.",
    "talk.praise": "Teşekkürler! 😊",
    "access.not_allowed": (
        "Üzgünüm, bu bot özel: yalnızca kimin için kurulduysa onlara yanıt veriyor."
    ),
    "access.blocked": "Üzgünüm, bu botu işleten kişi bu sohbeti ya da hesabı engelledi.",
    "limit.hour": (
        "Saatte {limit} resim sınırına ulaştın. Bir sonrakini {at} itibarıyla gönderebilirsin "
        "({wait} sonra)."
    ),
    "limit.day": (
        "Günde {limit} resim sınırına ulaştın. Bir sonrakini {at} itibarıyla gönderebilirsin "
        "({wait} sonra)."
    ),
    "command.privacy": "Bu sohbet hakkında neler saklıyorum, resimler nereye gidiyor",
    "command.stats": "Kullanım ve sağlık durumu (yöneticiler)",
    "command.block": "Bir kullanıcıyı ya da sohbeti engelle: /block platform:id (yöneticiler)",
    "command.unblock": "Engeli kaldır: /unblock platform:id (yöneticiler)",
    "command.block.id": "platform:id, ör. telegram:123456",
    "help.admin": "Yönetici komutları: {commands}",
    "privacy.stored": (
        "Bu sohbet hakkında sakladıklarım: bana gönderilen resimler (her birinin küçük bir "
        "kopyası), içlerinde okuduğum yazılar, açıklamalarım ve yanıtlarım, onlar hakkında "
        "söylenenler ve sohbetin ayarları."
    ),
    "privacy.kept": (
        "Bir sohbetin son {images} resmini saklarım, hiçbiri {days} günden eski olmaz; daha "
        "eskiler, haklarında söylenenlerle birlikte silinir."
    ),
    "privacy.kept_count": "Bir sohbetin son {images} resmini saklarım; daha eskiler silinir.",
    "privacy.where_here": (
        "Resimlere açıklama yazma ve içlerindeki yazıyı okuma bu botun kendi makinesinde "
        "yapılır; resimler başka hiçbir yere gitmez."
    ),
    "privacy.where_worker": (
        "Resimlere açıklama yazma ve içlerindeki yazıyı okuma bu botun açıklama sunucusunda "
        "({hosts}) yapılır; o sunucu hiçbir şey saklamaz."
    ),
    "privacy.where_llm": (
        "Açıklamalar ve soruların ayrıca bir dil modeli sağlayıcısına ({provider}) gönderilir."
    ),
    "privacy.where_here_and_llm": (
        "Resimlere açıklama yazma bu botun kendi makinesinde yapılır; resimler ayrıca aşağıdaki "
        "dil modeli sağlayıcısına da gider."
    ),
    "privacy.where_llm_vision": (
        "Resimlerin, açıklamaları ve soruların ayrıca bir dil modeli sağlayıcısına "
        "({provider}) gönderilir."
    ),
    "privacy.forget": (
        "/forget bu sohbet için saklanan her şeyi tek seferde siler: resimler, açıklamalar, "
        "konuşma ve ayarlar."
    ),
    "privacy.language": (
        "/language ile bir dil seçtiysen bu seçimi saklarım (sohbetin değil, senin seçimin); "
        "/language auto onu siler."
    ),
    "stats.report": (
        "Bugün (UTC, bu süreç): {people} kişiden {pictures} resim\n"
        "Yanıt gecikmesi: p50 {p50}, p95 {p95} (bu sürecin son yanıtları)\n"
        "Kuyruk: {inbox} olay bekliyor, {engine} resim modeli bekliyor\n"
        "Kaydedilen hatalar: {errors} ({error_kinds})\n"
        "Model: {model}, {device} üzerinde ({precision})\n"
        "Engellenen kimlikler: {blocked}"
    ),
    "block.usage": "/{command} platform:id kullan, ör. /{command} telegram:123456.",
    "block.admin": "{key} bir yönetici: yöneticiler engellenemez.",
    "block.already": "{key} zaten engelli.",
    "block.done": "{key} engellendi: artık ona yanıt vermeyeceğim.",
    "unblock.not_blocked": "{key} engelli değil.",
    "unblock.done": "{key} için engel kaldırıldı.",
    "command.language": "Sana hangi dilde yazacağımı seç",
    "command.language.code": "bir dil kodu: en, de, es, ... ya da auto",
    "language.list": "Konuştuğum diller (/language KOD ile seç):",
    "language.list_line": "• {code}: {name}",
    "language.current_chosen": (
        "Şu an: {name}, senin seçimin. /language auto ile yeniden uygulamanın dilini izlerim."
    ),
    "language.current_auto": "Şu an: {name}, uygulamanın dilinden.",
    "language.set": "Tamam, bundan sonra sana Türkçe yazacağım.",
    "language.auto": "Tamam, yeniden uygulamanın dilini izleyeceğim: {name}.",
    "language.unknown": "“{code}” dilini henüz konuşmuyorum.\n{languages}",
    "question.english_only": (
        "Resimlerle ilgili soruları şimdilik yalnızca İngilizce anlayabiliyorum, örneğin "
        "“what is the man holding?”. Bana İngilizce sor ya da başka bir fotoğraf gönder."
    ),
    "frame.funny.1": "Son dakika: “{c}” doğal ortamında görüntülendi. Uzmanlar şaşkın.",
    "frame.funny.2": "POV: Sen şusun: {c}. Ve biri az önce fotoğrafını çekti.",
    "frame.funny.3": "{C}. Bu kadar. Bütün hikâye bu.",
    "frame.funny.4": "Ters köşe: Baştan beri başrolde “{c}” varmış.",
    "frame.funny.5": "Rahat görünmeye çalışan ben: {c}.",
    "frame.poetic.1": "Bak: {c},\nışığın altında kıpırtısız;\n{d} — an nefesini tutuyor.",
    "frame.poetic.2": (
        "Bu küçük çerçevede yaşıyor: {c},\nve gün sessizleşiyor çevresinde;\n{d}, usulca."
    ),
    "frame.poetic.3": "{C} —\ndünya duraksıyor,\nve resim hatırlıyor: {d}.",
    "frame.formal.1": "Görselde betimlenen: {c}.",
    "frame.formal.2": "Bu fotoğrafta görülen: {c}.",
    "frame.detailed.closer": "Daha yakından bakınca:",
    "frame.catchy.1": "{C} ✨",
    "frame.catchy.2": "Kameraya yakalandı: {c} 📸",
    "frame.catchy.3": "Bayıldım: {c} 📸",
    "frame.catchy.4": "Bugünün modu: {c} 💫",
    "discord.alt_menu": "Alt metin için betimle",
    "feedback.up_button": "👍",
    "feedback.down_button": "👎",
    "feedback.thanks_up": "Teşekkürler! Açıklamanın uymasına sevindim. 👍",
    "feedback.ask": (
        "Kusura bakma, tutturamamışım. Resimde ne var? Bir sonraki mesajında daha iyi bir "
        "açıklama gönder (ya da /correct kanepede bir kedi)."
    ),
    "feedback.thanks_correction": (
        "Teşekkürler! Bu resim için şunu aklımda tutacağım: “{correction}”."
    ),
    "feedback.unusable": (
        "Bunu açıklama olarak kullanamam: lütfen resimde ne olduğunu kelimelerle, en fazla "
        "{limit} karakterle yaz."
    ),
    "feedback.correct_usage": (
        "Daha iyi açıklamayı komuttan sonra yaz, örneğin: /correct kanepede bir kedi"
    ),
    "feedback.off": "Bu botta açıklamaları değerlendirme kapalı.",
    "command.correct": "Mevcut resim için daha iyi bir açıklama ver",
    "command.correct.caption": "resimde ne olduğu",
    "privacy.feedback": (
        "Bir açıklamayı değerlendirdiğinde ya da düzelttiğinde, açıklama modelini geliştirmek "
        "için bunu resimle birlikte {days} güne kadar (diğer resimlerden daha uzun) saklarım; "
        "/forget bunu da siler."
    ),
    "stats.feedback": "Değerlendirmeler: {ratings}",
    "stats.feedback_model": (
        "{model}: {rated} değerlendirmede {approval} 👍, {corrections} düzeltme"
    ),
    "stats.feedback_none": "henüz yok",
}

# Whole messages (lowercased, punctuation removed, POLITE words removed before matching) that ask
# for another caption of the same picture.
AGAIN: tuple[str, ...] = (
    "tekrar",
    "yine",
    "yeniden",
    "bir daha",
    "bi daha",
    "bidaha",
    "bir kez daha",
    "bir kere daha",
    "bi kere daha",
    "tekrarla",
    "tekrar dene",
    "yeniden dene",
    "bir daha dene",
    "bi daha dene",
    "tekrar yap",
    "yeniden yap",
    "bir daha yap",
    "tekrar yaz",
    "yeniden yaz",
    "bir daha yaz",
    "bir tane daha",
    "bi tane daha",
    "başka",
    "baska",
    "başka bir tane",
    "baska bir tane",
    "başka bir açıklama",
    "baska bir aciklama",
    "başka açıklama",
    "baska aciklama",
    "yeni açıklama",
    "yeni aciklama",
    "yeni bir açıklama",
    "yeni bir aciklama",
    "yeni bir tane",
    "farklı bir açıklama",
    "farkli bir aciklama",
    "farklı açıklama",
    "farkli aciklama",
    "farklı bir tane",
    "farkli bir tane",
)
# Whole messages asking to read out the text in the picture.
READ: tuple[str, ...] = (
    "ne yazıyor",
    "ne yaziyor",
    "ne yazıyo",
    "ne yaziyo",
    "ne yazıyor orada",
    "orada ne yazıyor",
    "orada ne yaziyor",
    "burada ne yazıyor",
    "burada ne yaziyor",
    "üstünde ne yazıyor",
    "ustunde ne yaziyor",
    "üzerinde ne yazıyor",
    "uzerinde ne yaziyor",
    "tabelada ne yazıyor",
    "tabelada ne yaziyor",
    "resimde ne yazıyor",
    "resimde ne yaziyor",
    "fotoğrafta ne yazıyor",
    "fotografta ne yaziyor",
    "ne yazılmış",
    "ne yazilmis",
    "ne diyor",
    "yazı ne diyor",
    "yazi ne diyor",
    "yazıda ne yazıyor",
    "yazıyı oku",
    "yaziyi oku",
    "metni oku",
    "oku",
    "sesli oku",
    "okur musun",
    "okuyabilir misin",
    "yazıyı okur musun",
    "yaziyi okur musun",
    "yazıyı çıkar",
    "yaziyi cikar",
    "metni çıkar",
    "metni cikar",
    "yazıya dök",
    "yaziya dok",
    "metne dök",
    "metne dok",
)
# Whole messages asking for alt text.
ALT: tuple[str, ...] = (
    "alt metin",
    "alt metni",
    "alternatif metin",
    "alternatif metni",
    "alt metin yaz",
    "alt metin ver",
    "alt metin oluştur",
    "alt metin olustur",
    "alternatif metin yaz",
    "alternatif metin oluştur",
    "alt metin için betimle",
    "alt metin icin betimle",
    "alt metin için açıkla",
    "alt metin icin acikla",
    "alt metin için görsel açıklaması",
    "alt metin icin gorsel aciklamasi",
    "erişilebilirlik için açıklama",
    "erisilebilirlik icin aciklama",
)
# Words dropped before whole-message matching.
POLITE: tuple[str, ...] = (
    "lütfen",
    "lutfen",
    "rica etsem",
    "rica ediyorum",
    "bir zahmet",
    "zahmet olmazsa",
    "hadi",
    "haydi",
    "bakalım",
    "bakalim",
    "acaba",
)
# Words or short phrases that, found anywhere in a message, ask for a caption style.
STYLES: dict[str, tuple[str, ...]] = {
    "plain": (
        "sade",
        "sade olsun",
        "yalın",
        "yalin",
        "düz",
        "duz",
        "süssüz",
        "sussuz",
        "sadece açıklama",
        "sadece aciklama",
    ),
    "funny": (
        "komik",
        "daha komik",
        "komikleştir",
        "komiklestir",
        "eğlenceli",
        "eglenceli",
        "esprili",
        "espirili",
        "mizahi",
        "mizahlı",
        "mizahli",
        "şakalı",
        "güldür",
        "guldur",
    ),
    "poetic": (
        "şiirsel",
        "siirsel",
        "şiir",
        "siir",
        "şiir gibi",
        "lirik",
        "kafiyeli",
        "uyaklı",
        "uyakli",
    ),
    "formal": (
        "resmî",
        "daha resmi",
        "resmi olsun",
        "resmi dil",
        "resmi bir dil",
        "resmi üslup",
        "daha ciddi",
        "ciddi olsun",
        "ciddi üslup",
        "profesyonel",
        "kurumsal",
    ),
    "short": (
        "kısa",
        "kisa",
        "daha kısa",
        "daha kisa",
        "kısalt",
        "kisalt",
        "kısaca",
        "kisaca",
        "kısa tut",
        "az kelime",
        "az kelimeyle",
    ),
    "detailed": (
        "detaylı",
        "detayli",
        "ayrıntılı",
        "ayrintili",
        "daha detaylı",
        "daha ayrıntılı",
        "daha uzun",
        "uzat",
        "detaylandır",
        "detaylandir",
        "daha fazla detay",
        "daha çok detay",
        "daha cok detay",
    ),
    "hashtags": (
        "hashtag'li",
        "hashtagli",
        "hashtag'lerle",
        "hashtaglerle",
        "hashtag ile",
        "hashtag olarak",
        "etiketli",
        "etiketlerle",
        "etiket olarak",
    ),
    "emoji": (
        "emojili",
        "emoji ile",
        "emojilerle",
        "emojiler ile",
        "emoji ekle",
        "emoji koy",
    ),
    "catchy": (
        "akılda kalıcı",
        "akilda kalici",
        "dikkat çekici",
        "dikkat cekici",
        "çarpıcı",
        "carpici",
        "sosyal medya",
        "sosyal medya için",
        "instagramlık",
        "instagramlik",
        "paylaşımlık",
        "paylasimlik",
    ),
}
# Greetings, thanks and goodbyes (whole message starts with one of these).
TALK: dict[str, tuple[str, ...]] = {
    "thanks": (
        "teşekkürler",
        "tesekkurler",
        "teşekkür ederim",
        "tesekkur ederim",
        "çok teşekkürler",
        "cok tesekkurler",
        "çok teşekkür ederim",
        "sağ ol",
        "sag ol",
        "sağol",
        "sagol",
        "sağ olun",
        "çok sağ ol",
        "eyvallah",
        "tşk",
        "tsk",
        "tşkler",
        "tskler",
        "mersi",
        "eline sağlık",
        "eline saglik",
    ),
    "hello": (
        "merhaba",
        "merhabalar",
        "mrb",
        "selam",
        "selamlar",
        "slm",
        "selamün aleyküm",
        "selamun aleykum",
        "günaydın",
        "gunaydin",
        "iyi günler",
        "iyi gunler",
        "iyi akşamlar",
        "iyi aksamlar",
        "naber",
    ),
    "bye": (
        "hoşça kal",
        "hosca kal",
        "hoşçakal",
        "hoscakal",
        "görüşürüz",
        "gorusuruz",
        "görüşmek üzere",
        "gorusmek uzere",
        "sonra görüşürüz",
        "güle güle",
        "gule gule",
        "iyi geceler",
        "kendine iyi bak",
        "bay bay",
    ),
}
