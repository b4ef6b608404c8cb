# Pages de tipbox pour les sources : français.

site-name = Boîte à signalements sécurisée
skip-to-content = Aller au contenu
nav-home = Accueil
nav-submit = Envoyer un signalement
language-picker = Langue
unreviewed-notice = Cette traduction n’a pas encore été relue par un locuteur natif.
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
error-message-kept = Votre message est conservé dans le formulaire ci-dessous, tel que vous l’avez écrit. Les fichiers ne sont pas conservés : choisissez-les à nouveau avant d’envoyer.
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

# Two-way conversations.
landing-expect-replies = Si vous voulez que la rédaction vous réponde, cochez « Je veux des réponses » sur le formulaire : vous recevrez un nom de code de 7 mots, qui vous permettra de lire les réponses et d’envoyer d’autres éléments sur la page « J’ai un nom de code ».
nav-codename = J’ai un nom de code
submit-reply-label = Je veux des réponses : donnez-moi un nom de code
submit-reply-hint = Un nom de code de 7 mots vous sera affiché. Il vous permettra de lire les réponses de la rédaction et d’envoyer d’autres éléments plus tard. Personne ne pourra le retrouver pour vous.
received-codename-heading = Votre nom de code
received-codename-instruction = Notez ce nom de code maintenant, sur papier, et gardez-le en lieu sûr. Il n’est affiché que cette seule fois. Quiconque le détient peut lire les réponses que la rédaction vous adresse.
confirm-label = Pour vérifier que vous l’avez bien noté, tapez votre nom de code ici
confirm-button = Confirmer
confirm-ok-title = Nom de code confirmé
confirm-ok-body = Vous avez tapé votre nom de code correctement. Utilisez-le sur la page « J’ai un nom de code » pour lire les réponses et envoyer d’autres éléments.
confirm-mismatch = Ce que vous avez tapé ne correspond pas à votre nom de code. Vérifiez ce que vous avez noté et réessayez.
followup-received-body = Votre envoi complémentaire a été chiffré et stocké avec vos messages précédents.
codename-title = J’ai un nom de code
codename-label = Votre nom de code
codename-hint = Les majuscules, les espaces en trop et les retours à la ligne n’ont pas d’importance.
codename-nojs-note = Avec JavaScript désactivé, ce serveur calcule en mémoire les clés de votre boîte aux lettres à partir de votre nom de code, pour cette seule requête, et les oublie dès que la page est envoyée.
codename-button = Ouvrir ma boîte aux lettres
inbox-title = Votre boîte aux lettres
inbox-no-replies = Pas encore de réponse.
inbox-reply-heading = Réponse de la rédaction
inbox-reply-date = Envoyée le { $date }
inbox-download = Télécharger
inbox-delete = Supprimer cette réponse
inbox-deleted = La réponse a été supprimée.
inbox-unreadable = Cette réponse n’a pas pu être ouverte avec votre nom de code : elle est peut-être endommagée. Supprimez-la et demandez à la rédaction de l’envoyer à nouveau.
inbox-followup-heading = Envoyer d’autres éléments à la rédaction
inbox-followup-button = Envoyer en sécurité
inbox-forget-heading = Supprimer ma boîte aux lettres
inbox-forget-body = Cette action supprime votre boîte aux lettres et toutes les réponses qu’elle contient. La rédaction ne pourra plus vous répondre et votre nom de code cessera de fonctionner.
inbox-forget-confirm = Oui, supprimer ma boîte aux lettres
inbox-forget-button = Supprimer ma boîte aux lettres
inbox-forget-unconfirmed = Cochez la case pour confirmer que vous voulez supprimer votre boîte aux lettres. Rien n’a été supprimé.
inbox-forgotten-title = Boîte aux lettres supprimée
inbox-forgotten-body = Votre boîte aux lettres et ses réponses ont été supprimées.
error-codename-title = Ce nom de code n’est pas valide
error-codename-count = Un nom de code compte 7 mots ; vous avez tapé { $count ->
    [one] { $count } mot
   *[other] { $count } mots
}.
error-codename-word = « { $word } » ne fait pas partie des mots utilisés dans les noms de code. Comparez son orthographe avec ce que vous avez noté.

# Browser client (web/src): rendered as data-tipbox-<key>; {placeholders} stay literal.
js-preparing = Chiffrement de votre signalement dans ce navigateur…
js-progress = {"{"}sent{"}"} sur {"{"}total{"}"} chiffrés et envoyés
js-remaining = encore environ {"{"}time{"}"}
js-retrying = La connexion a été interrompue. Nouvel essai dans {"{"}time{"}"} ; rien de ce qui a déjà été envoyé n’est perdu.
js-received = Votre signalement a été chiffré dans votre navigateur et reçu par la rédaction.
js-failed = Votre signalement n’a pas pu être envoyé : {"{"}reason{"}"}
js-empty = Écrivez un message ou choisissez un fichier.
js-refused-too-large = Cette rédaction accepte des signalements d’au plus {"{"}limit{"}"} au total. Envoyez moins de fichiers ou des fichiers plus petits, ou répartissez-les sur plusieurs signalements.
js-refused-full = Le serveur n’a plus de place pour de nouveaux signalements pour le moment. Réessayez dans quelques jours.
js-codename-heading = Votre nom de code
js-codename-write-down = Notez ce nom de code maintenant, sur papier, exactement tel qu’il est affiché. Il n’est affiché que cette seule fois et ne peut pas être retrouvé. Il vous permettra de lire les réponses de la rédaction et d’envoyer d’autres éléments plus tard (« J’ai un nom de code »). Quiconque le détient peut lire les réponses : gardez-le secret et loin de cet appareil.
js-codename-retype = Pour confirmer que vous l’avez noté, tapez votre nom de code ici :
js-codename-confirm = Je l’ai noté : envoyer mon signalement
js-codename-cancel = Annuler
js-codename-mismatch = Ce n’est pas le nom de code affiché ci-dessus. Comparez-le mot par mot avec ce que vous avez noté.
js-codename-deriving = Préparation des clés de votre nom de code dans ce navigateur (cela prend quelques secondes)…
js-codename-count = Un nom de code compte 7 mots ; vous en avez tapé {"{"}count{"}"}.
js-codename-word = « {"{"}word{"}"} » ne fait pas partie des mots utilisés dans les noms de code. Comparez son orthographe avec ce que vous avez noté.
js-inbox-opening = Ouverture de votre boîte aux lettres dans ce navigateur. Votre nom de code reste dans ce navigateur ; le serveur ne détient jamais que des réponses chiffrées.
js-inbox-heading = Réponses de la rédaction
js-inbox-empty = Pas encore de réponse.
js-inbox-received = Reçue le {"{"}date{"}"}
js-inbox-undecryptable = Cette réponse n’a pas pu être déchiffrée dans ce navigateur : {"{"}reason{"}"}
js-inbox-download = Télécharger {"{"}name{"}"} ({"{"}size{"}"})
js-inbox-delete = Supprimer cette réponse
js-inbox-deleted = La réponse a été supprimée.
js-inbox-followup-heading = Envoyer d’autres éléments à la rédaction
js-inbox-followup-message = Votre message
js-inbox-followup-files = Fichiers (facultatif)
js-inbox-followup-send = Chiffrer et envoyer
js-inbox-forget-heading = Supprimer votre boîte aux lettres
js-inbox-forget-confirm = Oui, supprimer ma boîte aux lettres et toutes les réponses qu’elle contient ; la rédaction ne pourra plus répondre à ce nom de code.
js-inbox-forget = Supprimer ma boîte aux lettres
js-inbox-forgotten = Votre boîte aux lettres et ses réponses ont été supprimées.
js-inbox-failed = Cela n’a pas fonctionné : {"{"}reason{"}"}
