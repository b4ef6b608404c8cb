# Pages de tipbox pour les sources : français.

site-name = Boîte à signalements sécurisée
skip-to-content = Aller au contenu
nav-home = Accueil
nav-submit = Envoyer un signalement
language-picker = Langue
footer-privacy = Ce site ne dépose aucun cookie, ne charge rien depuis d’autres sites et fonctionne sans JavaScript.

landing-title = Envoyer un signalement à la rédaction
landing-intro = Vous pouvez nous envoyer un message et des fichiers. Aucun compte n’est nécessaire et nous ne vous demanderons jamais votre nom.
landing-expect-heading = À quoi vous attendre
landing-expect-no-tracking = Ce site ne dépose aucun cookie, ne charge rien depuis d’autres sites et n’enregistre ni votre adresse IP, ni votre navigateur, ni l’heure exacte de votre visite.
landing-expect-tor = Utilisez le Navigateur Tor. Pour la meilleure protection, réglez son niveau de sécurité sur « Le plus sûr » : ce formulaire fonctionne sans JavaScript.
landing-protect-heading = Comment votre signalement est protégé
landing-protect-encrypted = Votre signalement est chiffré avec les clés de la rédaction avant d’être stocké. Ce serveur ne peut pas le lire, pas plus que quiconque le saisirait.
landing-protect-nojs = Avec JavaScript activé, votre navigateur chiffre le signalement avant de l’envoyer. Avec JavaScript désactivé, le serveur le chiffre en mémoire à mesure qu’il arrive et n’écrit jamais le signalement en clair sur le disque.
landing-protect-offline = Les journalistes déchiffrent les signalements sur un ordinateur qui n’est jamais connecté à internet.
landing-before-heading = Avant d’envoyer
landing-before-metadata = Les fichiers peuvent contenir des informations cachées sur vous, comme le nom de l’auteur, l’appareil utilisé ou le lieu d’une photo. Supprimez-les si vous le pouvez, ou décrivez plutôt le document.
landing-before-device = N’utilisez pas un ordinateur, un téléphone ou un réseau appartenant à votre employeur.
landing-keys-heading = Empreintes des clés de la rédaction
landing-keys-explain = Les signalements sont chiffrés avec ces clés. Si la rédaction publie ses empreintes ailleurs, vérifiez qu’elles correspondent.
landing-continue = Aller au formulaire

submit-title = Envoyer un signalement
submit-message-label = Votre message
submit-message-hint = Dites-nous ce que vous savez et pourquoi c’est important. Jusqu’à { $limit } de texte.
submit-files-legend = Fichiers (facultatif)
submit-files-hint = Vous pouvez choisir plusieurs fichiers dans chaque champ. Jusqu’à { $limit } au total.
submit-file-label = Fichier { $number }
submit-nojs-note = Si JavaScript est désactivé dans votre navigateur, ce serveur chiffre votre signalement en mémoire à mesure qu’il arrive, avant de le stocker. Le signalement en clair n’est jamais écrit sur le disque.
submit-wait-note = Les gros fichiers prennent beaucoup de temps via Tor. Gardez cette page ouverte jusqu’à la confirmation.
submit-button = Envoyer le signalement en sécurité

received-title = Signalement reçu
received-body = Votre signalement a été chiffré et stocké. Les journalistes le liront sur un ordinateur qui n’est pas connecté à internet.
received-nojs = JavaScript était désactivé : ce serveur a donc chiffré votre signalement en mémoire à mesure qu’il arrivait. Le signalement en clair n’a jamais été écrit sur le disque.
received-next = Vous pouvez fermer cette page. Pour effacer les traces de votre visite, fermez le Navigateur Tor ou choisissez « Nouvelle identité ».
received-another = Envoyer un autre signalement

error-nothing-stored = Rien n’a été stocké.
error-back = Retour au formulaire
error-too-large-title = Votre signalement est trop volumineux
error-too-large-body = Cette rédaction accepte des signalements d’au plus { $limit } au total. Envoyez moins de fichiers ou des fichiers plus petits, ou répartissez-les sur plusieurs signalements.
error-message-too-long-title = Votre message est trop long
error-message-too-long-body = Un message peut contenir jusqu’à { $limit } de texte. Raccourcissez-le ou joignez le texte en tant que fichier.
error-full-title = Le stockage de la rédaction est plein
error-full-body = Le serveur n’a plus de place pour de nouveaux signalements pour le moment. Réessayez dans quelques jours.
error-busy-title = Le serveur est occupé
error-busy-body = Trop de signalements sont en cours d’envoi en ce moment. Patientez quelques minutes puis renvoyez votre signalement.
error-malformed-title = Le formulaire n’a pas pu être lu
error-malformed-body = L’envoi était incomplet ou endommagé. Revenez en arrière et envoyez-le de nouveau.
error-empty-title = Votre signalement est vide
error-empty-body = Écrivez un message ou joignez au moins un fichier.
error-not-found-title = Page introuvable
error-not-found-body = Il n’y a pas de page à cette adresse. Vérifiez qu’elle ne contient pas de faute de frappe, ou partez de la page d’accueil.
error-method-title = Cette action n’est pas possible ici
error-method-body = Cette page ne peut pas être utilisée de cette façon. Recommencez depuis la page d’accueil.
error-internal-title = Une erreur s’est produite
error-internal-body = Le serveur n’a pas pu stocker votre signalement à cause d’une erreur interne. Réessayez plus tard.

tor2web-title = Utilisez le Navigateur Tor
tor2web-body = Vous êtes arrivé sur ce site par une passerelle Tor2web. La passerelle voit tout ce que vous envoyez et peut découvrir qui vous êtes : ce site n’accepte donc pas de signalements par son intermédiaire.
tor2web-action = Téléchargez le Navigateur Tor sur torproject.org, puis ouvrez-y l’adresse .onion de ce site.

# Two-way conversations (issue 5): ENGLISH TEXT until translated; the
# translators replace these lines.
landing-expect-replies = If you want the newsroom to answer, tick “I want replies” on the form: you get a codename of 7 words, and with it you can read replies and send more on the “I have a codename” page.
nav-codename = I have a codename
submit-reply-label = I want replies: give me a codename
submit-reply-hint = You will be shown a codename of 7 words. With it you can read the newsroom’s replies and send more later. Nobody can recover it for you.
received-codename-heading = Your codename
received-codename-instruction = Write this codename down now, on paper, and keep it somewhere safe. It is shown only this once. Anyone who has it can read the newsroom’s replies to you.
confirm-label = To make sure you wrote it down, type your codename here
confirm-button = Confirm
confirm-ok-title = Codename confirmed
confirm-ok-body = You typed your codename correctly. Use it on the “I have a codename” page to read replies and send more.
confirm-mismatch = What you typed does not match your codename. Check what you wrote down and try again.
followup-received-body = Your follow-up was encrypted and stored with your earlier messages.
codename-title = I have a codename
codename-label = Your codename
codename-hint = Capital letters, extra spaces and line breaks do not matter.
codename-nojs-note = With JavaScript off, this server works out your mailbox keys from your codename in memory, for this one request only, and forgets them when the page is sent.
codename-button = Open my mailbox
inbox-title = Your mailbox
inbox-no-replies = No replies yet.
inbox-reply-heading = Reply from the newsroom
inbox-reply-date = Sent { $date }
inbox-download = Download
inbox-delete = Delete this reply
inbox-deleted = The reply was deleted.
inbox-followup-heading = Send more to the newsroom
inbox-followup-button = Send securely
inbox-forget-heading = Delete my mailbox
inbox-forget-body = This deletes your mailbox and every reply in it. The newsroom can no longer answer you, and your codename stops working.
inbox-forget-confirm = Yes, delete my mailbox
inbox-forget-button = Delete my mailbox
inbox-forget-unconfirmed = Tick the box to confirm that you want to delete your mailbox. Nothing was deleted.
inbox-forgotten-title = Mailbox deleted
inbox-forgotten-body = Your mailbox and its replies were deleted.
error-codename-title = That is not a valid codename
error-codename-count = A codename has 7 words; you typed { $count }.
error-codename-word = “{ $word }” is not a codename word. Check its spelling against what you wrote down.
