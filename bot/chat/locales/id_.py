"""Indonesian (id): the catalogue's texts and the phrases people use."""

from __future__ import annotations

NAME = "Bahasa Indonesia"

TEXTS: dict[str, str] = {
    # -- the conversation ------------------------------------------------------------------------
    "chat.help": (
        "Aku membuat keterangan untuk gambar. Kirim aku foto (satu atau beberapa) dan aku akan "
        "bilang apa yang kulihat.\n\n"
        "Setelah itu kamu bisa:\n"
        "• minta keterangan lain: “lagi” atau /again\n"
        "• ganti gaya: /style funny, “lebih pendek”, “pakai hashtag” (daftarnya ada di /style)\n"
        "• bertanya tentang gambarnya (untuk sekarang dalam bahasa Inggris): "
        "“what is the man holding?”, “what is on the table?”\n"
        "• minta teks di gambar dibacakan: “tulisannya apa?” atau /read\n"
        "• membalas foto atau keterangan sebelumnya untuk membahas gambar itu\n\n"
        "Perintah: {commands}"
    ),
    "chat.start": "Hai! {help}",
    "chat.no_image": (
        "Kirim foto dulu, nanti aku buatkan keterangannya. Setelah itu kamu bisa minta "
        "keterangan lain, gaya lain, atau bertanya tentang fotonya."
    ),
    "chat.chat": (
        "Aku bot keterangan gambar: aku cuma bisa membahas gambar. Kirim foto, atau balas salah "
        "satu foto dengan pertanyaan seperti “what is on the table?”. Info lengkap ada di /help."
    ),
    "chat.too_long": (
        "Pesan itu terlalu panjang buatku: tolong tulis kurang dari {limit} karakter, dengan "
        "atau tanpa gambar (misalnya “bikin lebih lucu”)."
    ),
    "chat.not_an_image": "File itu sepertinya bukan gambar. Tolong kirim gambar ({formats}).",
    "chat.picture_too_big": "Gambar itu terlalu besar (batasnya {limit_mb} MB).",
    "chat.download_failed": "Aku gagal mengunduh gambar itu. Coba kirim lagi, ya.",
    "chat.image_gone": (
        "Aku sudah tidak menyimpan gambar itu (mungkin karena /forget). Tolong kirim lagi, ya."
    ),
    "chat.button_expired": (
        "Tombol itu sudah tidak berfungsi. Kirim gambarnya lagi untuk mendapatkan tombol baru."
    ),
    "chat.again_button": "🔁 Lagi",
    "chat.nothing_new": (
        "Aku tidak menemukan keterangan baru untuk gambar ini yang belum pernah kuberikan. "
        "Yang sudah ada bisa dilihat di /history."
    ),
    "chat.cannot_tell": "Aku tidak bisa memastikannya dari gambar ini.",
    "chat.i_see": "Yang kulihat: {text}.",
    "chat.understood_nothing": (
        "Aku cuma bisa menjelaskan apa yang kulihat, jadi aku tidak bisa menjawab itu dengan "
        "tepat. Kalau dilihat lebih dekat: {text}"
    ),
    "chat.album_hint": "Balas salah satu foto untuk mengganti gayanya atau bertanya tentangnya.",
    "chat.kept_for_later": (
        "Gambarmu sudah kusimpan: bilang “lagi” kalau kamu mau aku mencoba sekali lagi."
    ),
    "chat.failed": "Maaf, ada yang salah di sisiku. Coba lagi, ya.",
    # -- commands --------------------------------------------------------------------------------
    "command.style": "Ganti gaya keterangan, atau lihat daftar gaya",
    "command.style.name": "gaya: funny, poetic, short, ...",
    "command.again": "Keterangan lain untuk gambar saat ini",
    "command.history": "Keterangan untuk gambar saat ini",
    "command.forget": "Hapus semua yang disimpan untuk chat ini",
    "command.auto": "Beri keterangan setiap gambar yang dikirim di sini, atau berhenti",
    "command.auto.state": "on atau off",
    "command.help": "Apa yang bisa kulakukan",
    "command.start": "Menyapa dan menunjukkan apa yang bisa kulakukan",
    "command.groups_only": "(grup)",
    "command.unknown": "Aku tidak kenal /{name}. Coba /help.",
    "auto.usage": "Gunakan /auto on atau /auto off. Di sini sekarang: {state}.",
    "auto.private": "Di chat pribadi, aku memang memberi keterangan setiap gambar yang kamu kirim.",
    "auto.on": (
        "Keterangan otomatis aktif: aku akan memberi keterangan setiap gambar yang dikirim di sini."
    ),
    "auto.off": (
        "Keterangan otomatis nonaktif: tag aku atau balas pesanku untuk mendapatkan keterangan."
    ),
    "forget.done": (
        "Beres. Aku sudah menghapus semua yang kusimpan untuk chat ini: {images} gambar beserta "
        "keterangannya, percakapan kita, dan pengaturanmu."
    ),
    "forget.done_one": (
        "Beres. Aku sudah menghapus semua yang kusimpan untuk chat ini: satu gambar beserta "
        "keterangannya, percakapan kita, dan pengaturanmu."
    ),
    "forget.done_no_pictures": (
        "Beres. Aku sudah menghapus semua yang kusimpan untuk chat ini: percakapan kita dan "
        "pengaturanmu (tidak ada gambar)."
    ),
    "forget.nothing": "Aku tidak menyimpan apa pun untuk chat ini.",
    "group.admins_only": (
        "Hanya admin grup ini yang bisa memakai /{command} di sini: perintah ini mengubah chat "
        "seluruh grup."
    ),
    "history.header": "Keterangan untuk gambar ini:",
    "history.caption": "{number}. ({style}) {text}",
    "history.answer": "{number}. T: {question} J: {answer}",
    "history.none": "Belum ada keterangan. Kirim aku foto!",
    # -- styles ----------------------------------------------------------------------------------
    "style.list": "Gaya (gunakan /style NAMA):",
    "style.list_line": "• {name}: {description}",
    "style.now": "Sekarang: {name}",
    "style.choice": "{name}: {description}",
    "style.unknown": "Aku tidak kenal gaya “{name}”.\n{styles}",
    "style.set": (
        "Gaya diganti ke {name}. Kirim foto dan aku akan memberi keterangan dengan gaya itu."
    ),
    "style.from_now": "Mulai sekarang {label} di chat ini: /style plain untuk kembali.",
    "style.back_to_plain": "Mulai sekarang keterangan biasa di chat ini.",
    "style.plain.label": "📝 Biasa",
    "style.plain.description": "keterangannya saja",
    "style.funny.label": "😄 Lucu",
    "style.funny.description": "keterangan dengan sedikit lelucon",
    "style.poetic.label": "🪶 Puitis",
    "style.poetic.description": "puisi pendek tentang apa yang kulihat",
    "style.formal.label": "🎩 Formal",
    "style.formal.description": "kalimat lengkap yang lugas",
    "style.short.label": "✂️ Singkat",
    "style.short.description": "sesedikit mungkin kata",
    "style.detailed.label": "🔍 Detail",
    "style.detailed.description": "lebih banyak dari yang bisa kulihat",
    "style.hashtags.label": "#️⃣ Hashtag",
    "style.hashtags.description": "keterangan dalam bentuk hashtag",
    "style.emoji.label": "✨ Emoji",
    "style.emoji.description": "keterangan dengan emoji",
    # -- captioning errors (bot.captioning: UserFacingError keys) --------------------------------
    "caption.error": "Ada yang salah saat membuat keterangan. Coba lagi, ya.",
    "caption.busy": "Aku sedang memproses banyak gambar sekarang. Coba lagi sebentar lagi, ya.",
    "caption.timeout": "Kali ini pembuatan keterangan terlalu lama. Coba lagi, ya.",
    "caption.stopped": "Aku sedang memulai ulang. Tolong kirim lagi semenit lagi.",
    "caption.failed": (
        "Ada yang salah saat membuat keterangan untuk gambar itu. Coba gambar lain, ya."
    ),
    "read.it_says": "Tulisannya: “{text}”",
    "read.it_says_more": "Tulisannya: “{text} …” ({more} karakter lagi: /read untuk semuanya)",
    "read.whole": "Tulisannya:\n{text}",
    "read.none": "Aku tidak menemukan teks yang bisa dibaca di gambar ini.",
    "read.not_read": (
        "Aku tidak bisa membaca teks di gambar ini waktu dikirim (pembacaan teks sedang "
        "nonaktif atau gagal). Kirim lagi dan aku akan mencoba sekali lagi."
    ),
    "command.read": "Bacakan teks yang ada di gambar",
    "command.alt": "Teks alt untuk gambar, siap ditempel",
    "read.alt": "{caption}. Teks di gambar: “{text}”",
    "read.alt_plain": "{caption}.",
    "model.demo": (
        "🧪 Model demo: model ini cuma mengenal bentuk berwarna, jadi tidak bisa mendeskripsikan "
        "foto sungguhan."
    ),
    "model.demo_fallback": (
        "🧪 Model demo: model keterangan yang lengkap tidak tersedia di server ini, jadi model "
        "demo kecil yang menjawab. Model ini cuma mengenal bentuk berwarna, jadi tidak bisa "
        "mendeskripsikan foto sungguhan."
    ),
    "model.random": (
        "🧪 Model uji dengan bobot acak (untuk uji kecepatan): keterangannya tidak bermakna."
    ),
    "caption.unreadable": (
        "Model tidak menghasilkan keterangan yang bisa dibaca untuk gambar ini (hanya simbol "
        "acak), jadi tidak ada yang bisa kutunjukkan."
    ),
    "caption.unavailable": "Pembuatan keterangan sedang tidak tersedia. Coba lagi nanti, ya.",
    "image.unreadable": "Maaf, aku tidak bisa membaca gambar itu.",
    "image.not_an_image": (
        "File itu sepertinya bukan gambar yang bisa kubaca. Tolong kirim gambar ({formats})."
    ),
    "image.truncated": ("Gambar itu sepertinya tidak lengkap atau rusak. Bisa coba kirim lagi?"),
    "image.empty": "File itu kosong. Tolong kirim foto.",
    "image.too_large": (
        "File itu terlalu besar ({size_mb} MB). Tolong kirim gambar di bawah {limit_mb} MB."
    ),
    "image.too_many_pixels": (
        "Gambar itu punya terlalu banyak piksel. Tolong kirim gambar di bawah "
        "{megapixels:g} megapiksel."
    ),
    "image.too_many_pixels_sized": (
        "Gambar itu punya terlalu banyak piksel ({width}x{height} piksel). "
        "Tolong kirim gambar di bawah {megapixels:g} megapiksel."
    ),
    # -- platforms -------------------------------------------------------------------------------
    "telegram.too_big": (
        "File itu lebih dari 20 MB, melebihi batas yang boleh diunduh bot di Telegram. Tolong "
        "kirim sebagai foto (Telegram akan mengompresnya) atau sebagai file yang lebih kecil."
    ),
    "discord.caption": "Buat keterangan gambar",
    "discord.caption.image": "gambar yang mau diberi keterangan",
    "discord.caption.style": "gaya penulisan keterangan",
    "discord.context_menu": "Buat keterangan gambar",
    "web.cross_site": "Permintaan dari situs lain tidak diterima.",
    "web.not_a_form": "Kirim pesan sebagai formulir (multipart/form-data).",
    "web.text_not_text": "Kolom text harus berupa teks.",
    "web.image_not_file": "Kolom image harus berupa file.",
    "web.button_not_json": 'Kirim tombol sebagai JSON: {{"payload": ...}}.',
    "web.button_no_payload": "Penekanan tombol harus menyertakan payload.",
    "web.no_such_picture": "Gambar itu tidak ada di chat ini.",
    "web.restarting": "Captionist sedang memulai ulang. Pesanmu akan dikirim lagi sebentar lagi.",
    "web.unavailable": (
        "Captionist sementara tidak bisa menyimpan pesan. Pesanmu akan dikirim lagi."
    ),
    # -- the optional LLM and the rules without one (issue 16) -----------------------------------
    "style.catchy.label": "📣 Menarik",
    "style.catchy.description": "keterangan ala media sosial dengan hashtag",
    "chat.cannot_tell_but": "Aku tidak bisa memastikannya dari gambar ini. Yang kulihat: {text}.",
    "chat.needs_llm": (
        "Itu butuh model bahasa, dan belum ada yang dipasang untukku: sendirian aku cuma bisa "
        "memberi keterangan gambar dan menjawab pertanyaan sederhana tentangnya. Pengelola bot "
        "ini bisa menghubungkannya (server apa pun yang kompatibel dengan OpenAI, seperti "
        "Ollama) lewat LLM_BASE_URL dan LLM_MODEL."
    ),
    "talk.thanks": "Sama-sama! Kirim foto lagi kapan saja kamu mau.",
    "talk.hello": "Halo! Kirim aku foto dan aku akan bilang apa yang kulihat.",
    "talk.who": (
        "Aku Captionist, bot yang memberi keterangan pada gambar. Kirim aku foto, lalu minta "
        "keterangan lain, gaya lain, atau tanyakan tentang fotonya. Info lengkap ada di /help."
    ),
    "talk.how_are_you": "Aku baik, makasih, dan siap untuk gambarmu berikutnya!",
    "talk.bye": "Sampai jumpa! Aku ada di sini kalau kamu punya gambar lain.",
    "talk.praise": "Makasih! 😊",
    # -- operator controls (issue 15) ------------------------------------------------------------
    "access.not_allowed": (
        "Maaf, bot ini privat: bot ini hanya menjawab orang-orang yang ditentukan pengelolanya."
    ),
    "access.blocked": "Maaf, pengelola bot ini telah memblokir chat atau akun ini.",
    "limit.hour": (
        "Kamu sudah mencapai batas {limit} gambar per jam. Kamu bisa mengirim gambar berikutnya "
        "pada {at} ({wait} lagi)."
    ),
    "limit.day": (
        "Kamu sudah mencapai batas {limit} gambar per hari. Kamu bisa mengirim gambar berikutnya "
        "pada {at} ({wait} lagi)."
    ),
    "command.privacy": "Apa yang kusimpan tentang chat ini, dan ke mana gambar dikirim",
    "command.stats": "Penggunaan dan kondisi bot (admin)",
    "command.block": "Blokir pengguna atau chat: /block platform:id (admin)",
    "command.unblock": "Buka blokir: /unblock platform:id (admin)",
    "command.block.id": "platform:id, misalnya telegram:123456",
    "help.admin": "Perintah admin: {commands}",
    "privacy.stored": (
        "Yang kusimpan tentang chat ini: gambar yang dikirim kepadaku (salinan kecil dari "
        "masing-masing), teks yang kubaca di dalamnya, keterangan dan jawabanku, apa yang "
        "dibicarakan tentang gambar itu, dan pengaturan chat."
    ),
    "privacy.kept": (
        "Aku menyimpan {images} gambar terakhir dari sebuah chat, dan tidak ada yang lebih lama "
        "dari {days} hari; yang lebih lama dihapus beserta apa yang dibicarakan tentangnya."
    ),
    "privacy.kept_count": (
        "Aku menyimpan {images} gambar terakhir dari sebuah chat; yang lebih lama dihapus."
    ),
    "privacy.where_here": (
        "Gambar diberi keterangan, dan teksnya dibaca, di mesin milik bot ini sendiri; gambar "
        "tidak dikirim ke mana pun."
    ),
    "privacy.where_worker": (
        "Gambar diberi keterangan, dan teksnya dibaca, oleh server keterangan milik bot ini "
        "({hosts}), yang tidak menyimpan apa pun."
    ),
    "privacy.where_llm": (
        "Keterangan dan pertanyaanmu juga dikirim ke penyedia model bahasa ({provider})."
    ),
    "privacy.where_here_and_llm": (
        "Gambar diberi keterangan di mesin milik bot ini sendiri; gambar juga dikirim ke "
        "penyedia model bahasa di bawah ini."
    ),
    "privacy.where_llm_vision": (
        "Gambarmu, keterangannya, dan pertanyaanmu juga dikirim ke penyedia model bahasa "
        "({provider})."
    ),
    "privacy.forget": (
        "/forget langsung menghapus semua yang disimpan untuk chat ini: gambar, keterangan, "
        "percakapan, dan pengaturan."
    ),
    "privacy.language": (
        "Kalau kamu memilih bahasa dengan /language, aku menyimpan pilihan itu (milikmu, "
        "bukan milik chat ini); /language auto menghapusnya."
    ),
    "stats.report": (
        "Hari ini (UTC, proses ini): {pictures} gambar dari {people} orang\n"
        "Latensi balasan: p50 {p50}, p95 {p95} (balasan terbaru dari proses ini)\n"
        "Antrean: {inbox} event menunggu, {engine} gambar menunggu model\n"
        "Error tercatat: {errors} ({error_kinds})\n"
        "Model: {model} di {device} ({precision})\n"
        "ID yang diblokir: {blocked}"
    ),
    "block.usage": "Gunakan /{command} platform:id, misalnya /{command} telegram:123456.",
    "block.admin": "{key} adalah admin: admin tidak bisa diblokir.",
    "block.already": "{key} sudah diblokir.",
    "block.done": "{key} diblokir: aku tidak akan membalasnya lagi.",
    "unblock.not_blocked": "{key} tidak sedang diblokir.",
    "unblock.done": "Blokir {key} sudah dibuka.",
    # -- languages (issue 28) --------------------------------------------------------------------
    "command.language": "Pilih bahasa yang kupakai untuk menulis kepadamu",
    "command.language.code": "kode bahasa: en, de, es, ... atau auto",
    "language.list": "Bahasa yang kukuasai (gunakan /language KODE):",
    "language.list_line": "• {code}: {name}",
    "language.current_chosen": (
        "Sekarang: {name}, sesuai pilihanmu. /language auto untuk kembali mengikuti aplikasimu."
    ),
    "language.current_auto": "Sekarang: {name}, sesuai bahasa aplikasimu.",
    "language.set": "Oke, mulai sekarang aku akan menulis kepadamu dalam bahasa Indonesia.",
    "language.auto": "Oke, aku akan kembali mengikuti bahasa aplikasimu: {name}.",
    "language.unknown": "Aku belum bisa berbahasa “{code}”.\n{languages}",
    "question.english_only": (
        "Untuk sekarang aku baru bisa memahami pertanyaan tentang gambar dalam bahasa Inggris, "
        "misalnya “what is the man holding?”. Tanyakan dalam bahasa Inggris, atau kirim foto "
        "lain."
    ),
    # -- style frames around the model's (English) caption: {c} the caption, {C} capitalised ----
    "frame.funny.1": "Berita terkini: “{c}” terlihat di alam liar. Para ahli kebingungan.",
    "frame.funny.2": "POV: kamu adalah “{c}” dan seseorang baru saja memotretmu.",
    "frame.funny.3": "{C}. Udah, gitu aja. Itu seluruh ceritanya.",
    "frame.funny.4": "Siapa sangka: ternyata “{c}” tokoh utamanya dari awal.",
    "frame.funny.5": "Aku, berusaha kelihatan santai: {c}.",
    "frame.poetic.1": "Lihatlah “{c}”,\ndiam di bawah cahaya;\n{d} — sang waktu menahan napas.",
    "frame.poetic.2": (
        "Dalam bingkai kecil ini hiduplah “{c}”,\ndan hari pun hening di sekitarnya;\n"
        "{d}, perlahan."
    ),
    "frame.poetic.3": "{C} —\ndunia terhenti sejenak,\ndan gambar ini mengenang “{d}”.",
    "frame.formal.1": "Gambar ini menampilkan: {c}.",
    "frame.formal.2": "Foto ini memperlihatkan: {c}.",
    "frame.detailed.closer": "Jika dilihat lebih dekat:",
    "frame.catchy.1": "{C} ✨",
    "frame.catchy.2": "Tertangkap kamera: {c} 📸",
    "frame.catchy.3": "Bahagia itu sederhana: {c} 📸",
    "frame.catchy.4": "Mood hari ini: {c} 💫",
    # -- Discord's Apps menu (issue 25) ---------------------------------------------------------
    "discord.alt_menu": "Deskripsi untuk teks alt",
    # -- feedback (issue 27) ---------------------------------------------------------------------
    "feedback.up_button": "👍",
    "feedback.down_button": "👎",
    "feedback.thanks_up": "Makasih! Senang keterangannya pas. 👍",
    "feedback.ask": (
        "Maaf, kurang pas, ya. Sebenarnya gambar ini menunjukkan apa? Kirim keterangan yang "
        "lebih baik di pesan berikutnya (atau /correct kucing di atas sofa)."
    ),
    "feedback.thanks_correction": (
        "Makasih! Aku akan ingat bahwa gambar ini menunjukkan “{correction}”."
    ),
    "feedback.unusable": (
        "Aku tidak bisa memakai itu sebagai keterangan: tolong tulis dengan kata-kata apa yang "
        "ada di gambar, maksimal {limit} karakter."
    ),
    "feedback.correct_usage": (
        "Tulis keterangan yang lebih baik setelah perintah, misalnya: /correct kucing di atas sofa"
    ),
    "feedback.off": "Fitur menilai keterangan dimatikan di bot ini.",
    "command.correct": "Beri keterangan yang lebih baik untuk gambar saat ini",
    "command.correct.caption": "apa yang ada di gambar",
    "privacy.feedback": (
        "Kalau kamu menilai atau mengoreksi keterangan, aku menyimpannya bersama gambarnya "
        "hingga {days} hari (lebih lama dari gambar lain) untuk memperbaiki model keterangan; "
        "/forget juga menghapusnya."
    ),
    "stats.feedback": "Penilaian: {ratings}",
    "stats.feedback_model": "{model}: {approval} 👍 dari {rated} penilaian, {corrections} koreksi",
    "stats.feedback_none": "belum ada",
}

# Whole messages (lowercased, punctuation removed, POLITE words removed before matching) that ask
# for another caption of the same picture.
AGAIN: tuple[str, ...] = (
    "lagi", "sekali lagi", "coba lagi", "ulang", "ulangi", "ulang lagi", "yang lain", "lainnya",
    "satu lagi", "tambah satu", "keterangan lain", "keterangan baru", "keterangan yang lain",
    "caption lain", "caption baru", "caption yang lain", "buat lagi", "bikin lagi", "buat ulang",
    "bikin ulang", "ganti", "ganti keterangan", "ganti caption", "yang baru", "versi lain",
    "coba yang lain",
)  # fmt: skip
# Whole messages asking to read out the text in the picture.
READ: tuple[str, ...] = (
    "tulisannya apa", "apa tulisannya", "tulisannya apaan", "itu tulisannya apa",
    "apa yang tertulis", "apa yang tertulis di situ", "apa yang tertulis di gambar",
    "tertulis apa", "ada tulisan apa", "isi tulisannya apa", "apa isi tulisannya",
    "tulisan di papan itu apa", "apa tulisan di papan itu", "tulisan di papannya apa",
    "teksnya apa", "apa teksnya", "bunyinya apa", "apa bunyinya", "bunyi tulisannya apa",
    "baca", "bacain", "bacakan", "baca teksnya", "bacakan teksnya", "bacain teksnya",
    "baca tulisannya", "bacakan tulisannya", "bacain tulisannya", "salin teksnya",
    "transkripsikan", "transkripsikan teksnya",
)  # fmt: skip
# Whole messages asking for alt text.
ALT: tuple[str, ...] = (
    "teks alt", "alt teks", "teks alternatif", "teks alt untuk gambar ini", "buat teks alt",
    "bikin teks alt", "deskripsi untuk teks alt", "deskripsi gambar untuk teks alt",
    "deskripsi alt", "keterangan untuk teks alt",
)  # fmt: skip
# Words dropped before whole-message matching.
POLITE: tuple[str, ...] = (
    "tolong", "mohon", "dong", "donk", "ya", "yah", "yuk", "deh", "sih", "nih", "plis", "pliss",
    "kak", "min", "bisa", "minta", "coba",
)  # fmt: skip
# Words or short phrases that, found anywhere in a message, ask for a caption style.
STYLES: dict[str, tuple[str, ...]] = {
    "plain": (
        "keterangan biasa", "gaya biasa", "yang biasa", "versi biasa", "polosan", "tanpa gaya",
    ),
    "funny": (
        "lebih lucu", "lucuan", "yang lucu", "bikin lucu", "buat lucu", "versi lucu",
        "gaya lucu", "kocak", "lebih kocak", "jenaka", "humoris", "lawak", "lawakan",
        "ngelawak", "bercanda",
    ),
    "poetic": (
        "puitis", "lebih puitis", "puisi", "berpuisi", "syair", "sajak", "pantun", "puitik",
    ),
    "formal": (
        "lebih formal", "gaya formal", "resmi", "lebih resmi", "lebih serius", "bahasa baku",
        "profesional",
    ),
    "short": (
        "singkat", "lebih singkat", "singkatin", "pendek", "lebih pendek", "pendekin",
        "ringkas", "lebih ringkas", "sedikit kata",
    ),
    "detailed": (
        "lebih detail", "secara detail", "detil", "lebih detil", "rinci", "lebih rinci",
        "terperinci", "lebih panjang", "panjangin", "lebih lengkap", "ceritakan lebih banyak",
    ),
    "hashtags": (
        "tagar", "pakai tagar", "pakai hashtag", "jadi hashtag", "dengan hashtag", "hastag",
        "hestek", "buat instagram", "untuk instagram", "buat ig", "untuk ig",
    ),
    "emoji": (
        "pakai emoji", "dengan emoji", "kasih emoji", "tambah emoji", "emot", "pakai emot",
        "emotikon",
    ),
    "catchy": (
        "lebih menarik", "yang menarik", "kekinian", "buat medsos", "untuk medsos", "ala medsos",
        "media sosial", "biar viral", "buat postingan", "ala selebgram",
    ),
}  # fmt: skip
# Greetings, thanks and goodbyes (whole message starts with one of these).
TALK: dict[str, tuple[str, ...]] = {
    "thanks": (
        "terima kasih", "terimakasih", "makasih", "makasi", "makasih banyak", "trims",
        "trimakasih", "mksh", "tengkyu",
    ),
    "hello": (
        "halo", "hai", "hei", "selamat pagi", "selamat siang", "selamat sore", "selamat malam",
        "assalamualaikum", "permisi", "pagi", "siang",
    ),
    "bye": (
        "dadah", "babay", "sampai jumpa", "sampai nanti", "sampai ketemu",
        "selamat tinggal", "selamat tidur", "pamit", "aku pamit", "duluan ya",
    ),
}  # fmt: skip
