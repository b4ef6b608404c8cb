# Páginas de tipbox para fuentes: español.

site-name = Buzón seguro de pistas
skip-to-content = Ir al contenido
nav-home = Inicio
nav-submit = Enviar una pista
language-picker = Idioma
footer-privacy = Este sitio no usa cookies, no carga nada de otros sitios y funciona con JavaScript desactivado.

landing-title = Envíe una pista a la redacción
landing-intro = Puede enviarnos un mensaje y archivos. No necesita una cuenta y nunca le pediremos su nombre.
landing-expect-heading = Qué esperar
landing-expect-no-tracking = Este sitio no usa cookies, no carga nada de otros sitios y no registra su dirección IP, su navegador ni la hora exacta de su visita.
landing-expect-tor = Use el Navegador Tor. Para la máxima protección, ponga su nivel de seguridad en «Más seguro»: este formulario funciona sin JavaScript.
landing-expect-replies = Las respuestas aún no están disponibles. No podemos contactarle a menos que su mensaje nos diga cómo.
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
received-no-replies = Pidió respuestas, pero las respuestas aún no están disponibles, así que no se creó ningún nombre en clave. La redacción no puede contestarle a través de este sitio.
received-next = Ya puede cerrar esta página. Para borrar los rastros de su visita, cierre el Navegador Tor o elija «Nueva identidad».
received-another = Enviar otra pista

error-nothing-stored = No se guardó nada.
error-back = Volver al formulario
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
