# Páginas de tipbox para fuentes: español.

site-name = Buzón seguro de pistas
skip-to-content = Ir al contenido
nav-home = Inicio
nav-submit = Enviar una pista
language-picker = Idioma
unreviewed-notice = Esta traducción aún no ha sido revisada por un hablante nativo.
footer-privacy = Este sitio no usa cookies, no carga nada de otros sitios y funciona con JavaScript desactivado.

landing-title = Envíe una pista a la redacción
landing-intro = Puede enviarnos un mensaje y archivos. No necesita una cuenta y nunca le pediremos su nombre.
landing-expect-heading = Qué esperar
landing-expect-no-tracking = Este sitio no usa cookies, no carga nada de otros sitios y no registra su dirección IP, su navegador ni la hora exacta de su visita.
landing-expect-tor = Use el Navegador Tor. Para la máxima protección, ponga su nivel de seguridad en «Más seguro»: este formulario funciona sin JavaScript.
landing-protect-heading = Cómo se protege su pista
landing-protect-encrypted = Su pista se cifra con las claves de la redacción antes de guardarse. Este servidor no puede leerla, y tampoco podría hacerlo quien lo incautara.
landing-protect-nojs = Con JavaScript activado, su navegador cifra la pista antes de enviarla. Con JavaScript desactivado, el servidor la cifra en memoria a medida que llega y nunca escribe la pista sin cifrar en el disco.
landing-protect-offline = Los periodistas descifran las pistas en un ordenador que nunca se conecta a internet.
landing-before-heading = Antes de enviar
landing-before-metadata = Los archivos pueden contener datos ocultos sobre usted, como el nombre del autor, el dispositivo usado o el lugar donde se tomó una foto. Elimínelos si puede, o describa el documento en su lugar.
landing-before-device = No use un ordenador, teléfono o red que pertenezca a su empleador.
landing-keys-heading = Huellas de las claves de la redacción
landing-keys-explain = Las pistas se cifran con estas claves. Si la redacción publica sus huellas en otro lugar, compruebe que coinciden.
landing-continue = Ir al formulario

submit-title = Enviar una pista
submit-message-label = Su mensaje
submit-message-hint = Cuéntenos lo que sabe y por qué es importante. Hasta { $limit } de texto.
submit-files-legend = Archivos (opcional)
submit-files-hint = Puede elegir varios archivos en cada campo. Hasta { $limit } en total.
submit-file-label = Archivo { $number }
submit-nojs-note = Si JavaScript está desactivado en su navegador, este servidor cifra su pista en memoria a medida que llega, antes de guardarla. La pista sin cifrar nunca se escribe en el disco.
submit-wait-note = Los archivos grandes tardan mucho a través de Tor. Mantenga esta página abierta hasta ver la confirmación.
submit-button = Enviar la pista de forma segura

received-title = Pista recibida
received-body = Su pista se cifró y se guardó. Los periodistas la leerán en un ordenador que no está conectado a internet.
received-nojs = JavaScript estaba desactivado, así que este servidor cifró su pista en memoria a medida que llegaba. La pista sin cifrar nunca se escribió en el disco.
received-next = Ya puede cerrar esta página. Para borrar los rastros de su visita, cierre el Navegador Tor o elija «Nueva identidad».
received-another = Enviar otra pista

error-nothing-stored = No se guardó nada.
error-back = Volver al formulario
error-message-kept = Su mensaje se conserva en el formulario de abajo, tal como lo escribió. Los archivos no se conservan: vuelva a elegirlos antes de enviar.
error-too-large-title = Su pista es demasiado grande
error-too-large-body = Esta redacción acepta pistas de hasta { $limit } en total. Envíe menos archivos o archivos más pequeños, o repártalos en varias pistas.
error-message-too-long-title = Su mensaje es demasiado largo
error-message-too-long-body = Un mensaje puede tener hasta { $limit } de texto. Acórtelo o adjunte el texto como archivo.
error-full-title = El almacenamiento de la redacción está lleno
error-full-body = El servidor no tiene espacio para nuevas pistas en este momento. Inténtelo de nuevo dentro de unos días.
error-busy-title = El servidor está ocupado
error-busy-body = Se están subiendo demasiadas pistas en este momento. Espere unos minutos y vuelva a enviar su pista.
error-malformed-title = No se pudo leer el formulario
error-malformed-body = La subida quedó incompleta o dañada. Vuelva atrás y envíela de nuevo.
error-empty-title = Su pista está vacía
error-empty-body = Escriba un mensaje o adjunte al menos un archivo.
error-not-found-title = Página no encontrada
error-not-found-body = No hay ninguna página en esta dirección. Compruebe que no tenga errores o empiece desde la página de inicio.
error-method-title = Esta acción no es posible aquí
error-method-body = Esta página no se puede usar de esa manera. Empiece de nuevo desde la página de inicio.
error-internal-title = Algo salió mal
error-internal-body = El servidor no pudo guardar su pista por un error interno. Inténtelo de nuevo más tarde.

tor2web-title = Use el Navegador Tor
tor2web-body = Ha llegado a este sitio a través de una pasarela Tor2web. La pasarela puede ver todo lo que envía y averiguar quién es usted, por eso este sitio no acepta pistas a través de ella.
tor2web-action = Descargue el Navegador Tor desde torproject.org y abra en él la dirección .onion de este sitio.

# Two-way conversations.
landing-expect-replies = Si quiere que la redacción le responda, marque «Quiero respuestas» en el formulario: recibirá un nombre en clave de 7 palabras, con el que podrá leer las respuestas y enviar más en la página «Tengo un nombre en clave».
nav-codename = Tengo un nombre en clave
submit-reply-label = Quiero respuestas: denme un nombre en clave
submit-reply-hint = Se le mostrará un nombre en clave de 7 palabras. Con él podrá leer las respuestas de la redacción y enviar más después. Nadie podrá recuperarlo por usted.
received-codename-heading = Su nombre en clave
received-codename-instruction = Anote este nombre en clave ahora, en papel, y guárdelo en un lugar seguro. Solo se muestra esta vez. Cualquier persona que lo tenga puede leer las respuestas que la redacción le envíe.
confirm-label = Para comprobar que lo anotó, escriba aquí su nombre en clave
confirm-button = Confirmar
confirm-ok-title = Nombre en clave confirmado
confirm-ok-body = Escribió su nombre en clave correctamente. Úselo en la página «Tengo un nombre en clave» para leer las respuestas y enviar más.
confirm-mismatch = Lo que escribió no coincide con su nombre en clave. Revise lo que anotó e inténtelo de nuevo.
followup-received-body = Su nuevo envío se cifró y se guardó junto con sus mensajes anteriores.
codename-title = Tengo un nombre en clave
codename-label = Su nombre en clave
codename-hint = No importan las mayúsculas, los espacios de más ni los saltos de línea.
codename-nojs-note = Con JavaScript desactivado, este servidor calcula en memoria las claves de su buzón a partir de su nombre en clave, solo para esta solicitud, y las olvida en cuanto se envía la página.
codename-button = Abrir mi buzón
inbox-title = Su buzón
inbox-no-replies = Todavía no hay respuestas.
inbox-reply-heading = Respuesta de la redacción
inbox-reply-date = Enviada el { $date }
inbox-download = Descargar
inbox-delete = Eliminar esta respuesta
inbox-deleted = La respuesta se eliminó.
inbox-unreadable = Esta respuesta no se pudo abrir con su nombre clave: puede estar dañada. Elimínela y pida a la redacción que la envíe de nuevo.
inbox-followup-heading = Enviar más a la redacción
inbox-followup-button = Enviar de forma segura
inbox-forget-heading = Eliminar mi buzón
inbox-forget-body = Esto elimina su buzón y todas las respuestas que contiene. La redacción ya no podrá responderle y su nombre en clave dejará de funcionar.
inbox-forget-confirm = Sí, eliminar mi buzón
inbox-forget-button = Eliminar mi buzón
inbox-forget-unconfirmed = Marque la casilla para confirmar que quiere eliminar su buzón. No se eliminó nada.
inbox-forgotten-title = Buzón eliminado
inbox-forgotten-body = Su buzón y sus respuestas se eliminaron.
error-codename-title = Ese no es un nombre en clave válido
error-codename-count = Un nombre en clave tiene 7 palabras; usted escribió { $count ->
    [one] { $count } palabra
   *[other] { $count } palabras
}.
error-codename-word = «{ $word }» no es una de las palabras de los nombres en clave. Compare cómo la escribió con lo que anotó.

# Browser client (web/src): rendered as data-tipbox-<key>; {placeholders} stay literal.
js-preparing = Cifrando su pista en este navegador…
js-progress = {"{"}sent{"}"} de {"{"}total{"}"} cifrados y enviados
js-remaining = quedan unos {"{"}time{"}"}
js-retrying = La conexión se interrumpió. Se volverá a intentar en {"{"}time{"}"}; no se pierde nada de lo ya enviado.
js-received = Su pista se cifró en su navegador y la redacción la recibió.
js-failed = No se pudo enviar su pista: {"{"}reason{"}"}
js-empty = Escriba un mensaje o elija un archivo.
js-refused-too-large = Esta redacción acepta pistas de hasta {"{"}limit{"}"} en total. Envíe menos archivos o archivos más pequeños, o repártalos en varias pistas.
js-refused-full = El servidor no tiene espacio para nuevas pistas en este momento. Inténtelo de nuevo dentro de unos días.
js-codename-heading = Su nombre en clave
js-codename-write-down = Anote este nombre en clave ahora, en papel, exactamente como aparece. Solo se muestra esta vez y no se puede recuperar. Con él podrá leer las respuestas de la redacción y enviar más después («Tengo un nombre en clave»). Cualquier persona que lo tenga puede leer las respuestas: manténgalo en secreto y lejos de este dispositivo.
js-codename-retype = Para confirmar que lo anotó, escriba aquí su nombre en clave:
js-codename-confirm = Ya lo anoté: enviar mi pista
js-codename-cancel = Cancelar
js-codename-mismatch = Este no es el nombre en clave que se muestra arriba. Compárelo palabra por palabra con lo que anotó.
js-codename-deriving = Preparando en este navegador las claves de su nombre en clave (tarda unos segundos)…
js-codename-count = Un nombre en clave tiene 7 palabras; usted escribió {"{"}count{"}"}.
js-codename-word = «{"{"}word{"}"}» no es una de las palabras de los nombres en clave. Compare cómo la escribió con lo que anotó.
js-inbox-opening = Abriendo su buzón en este navegador. Su nombre en clave no sale de este navegador; el servidor solo guarda respuestas cifradas.
js-inbox-heading = Respuestas de la redacción
js-inbox-empty = Todavía no hay respuestas.
js-inbox-received = Recibida el {"{"}date{"}"}
js-inbox-undecryptable = Esta respuesta no se pudo descifrar en este navegador: {"{"}reason{"}"}
js-inbox-download = Descargar {"{"}name{"}"} ({"{"}size{"}"})
js-inbox-delete = Eliminar esta respuesta
js-inbox-deleted = La respuesta se eliminó.
js-inbox-followup-heading = Enviar más a la redacción
js-inbox-followup-message = Su mensaje
js-inbox-followup-files = Archivos (opcional)
js-inbox-followup-send = Cifrar y enviar
js-inbox-forget-heading = Eliminar su buzón
js-inbox-forget-confirm = Sí, eliminar mi buzón y todas las respuestas que contiene; la redacción ya no podrá responder a este nombre en clave.
js-inbox-forget = Eliminar mi buzón
js-inbox-forgotten = Su buzón y sus respuestas se eliminaron.
js-inbox-failed = No funcionó: {"{"}reason{"}"}
