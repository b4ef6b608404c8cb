# tipbox source pages: Portuguese (Brazil).
# Written by the developers with machine assistance; not yet reviewed by a
# native speaker (locales/STATUS.md). Short plain sentences, for easy review.

site-name = Caixa segura de denúncias
skip-to-content = Pular para o conteúdo
nav-home = Início
nav-submit = Enviar uma denúncia
language-picker = Idioma
unreviewed-notice = Esta tradução ainda não foi revisada por um falante nativo.
footer-privacy = Este site não usa cookies, não carrega nada de outros sites e funciona com o JavaScript desligado.

landing-title = Envie uma denúncia à redação
landing-intro = Você pode nos enviar uma mensagem e arquivos. Não precisa de conta, e nunca vamos pedir seu nome.
landing-expect-heading = O que esperar
landing-expect-no-tracking = Este site não usa cookies e não carrega nada de outros sites. Ele não registra seu endereço IP, seu navegador nem a hora exata da sua visita.
landing-expect-tor = Use o Tor Browser. Para a proteção mais forte, escolha o nível de segurança “Mais seguro”: este formulário funciona sem JavaScript.
landing-expect-replies = Se quiser que a redação responda, marque “Quero respostas” no formulário. Você recebe um codinome de 7 palavras. Com ele, você lê as respostas e envia mais na página “Tenho um codinome”.
landing-protect-heading = Como sua denúncia é protegida
landing-protect-encrypted = Sua denúncia é criptografada com as chaves da redação antes de ser guardada. Este servidor não consegue lê-la, nem quem o apreender.
landing-protect-nojs = Com JavaScript ligado, seu navegador criptografa a denúncia antes de enviá-la. Com JavaScript desligado, o servidor a criptografa na memória enquanto ela chega e nunca grava a denúncia sem criptografia no disco.
landing-protect-offline = Os jornalistas descriptografam as denúncias em um computador que nunca é ligado à internet.
landing-before-heading = Antes de enviar
landing-before-metadata = Arquivos podem conter dados ocultos sobre você, como o nome do autor, o aparelho usado ou o local de uma foto. Remova esses dados se puder, ou descreva o documento em vez de enviá-lo.
landing-before-device = Não use computador, celular ou rede do seu empregador.
landing-keys-heading = Impressões digitais das chaves da redação
landing-keys-explain = As denúncias são criptografadas com estas chaves. Se a redação publicar as impressões digitais em outro lugar, confira se são iguais.
landing-continue = Ir para o formulário

submit-title = Enviar uma denúncia
submit-message-label = Sua mensagem
submit-message-hint = Conte o que você sabe e por que isso importa. Até { $limit } de texto.
submit-files-legend = Arquivos (opcional)
submit-files-hint = Você pode escolher vários arquivos em cada campo. Até { $limit } no total.
submit-file-label = Arquivo { $number }
submit-nojs-note = Se o JavaScript estiver desligado no seu navegador, este servidor criptografa sua denúncia na memória enquanto ela chega, antes de guardá-la. A denúncia sem criptografia nunca é gravada no disco.
submit-wait-note = Arquivos grandes demoram muito pelo Tor. Mantenha esta página aberta até ver a confirmação.
submit-button = Enviar com segurança

received-title = Denúncia recebida
received-body = Sua denúncia foi criptografada e guardada. Os jornalistas vão lê-la em um computador sem conexão com a internet.
received-nojs = O JavaScript estava desligado, então este servidor criptografou sua denúncia na memória enquanto ela chegava. A denúncia sem criptografia nunca foi gravada no disco.
received-next = Você já pode fechar esta página. Para apagar os rastros da visita, feche o Tor Browser ou escolha “Nova identidade”.
received-another = Enviar outra denúncia

error-nothing-stored = Nada foi guardado.
error-back = Voltar ao formulário
error-message-kept = Sua mensagem foi mantida no formulário abaixo, como você a escreveu. Os arquivos não são mantidos: escolha-os de novo antes de enviar.
error-too-large-title = Sua denúncia é grande demais
error-too-large-body = Esta redação aceita denúncias de até { $limit } no total. Envie menos arquivos ou arquivos menores, ou divida-os em várias denúncias.
error-message-too-long-title = Sua mensagem é longa demais
error-message-too-long-body = Uma mensagem pode ter até { $limit } de texto. Encurte-a ou anexe o texto como arquivo.
error-full-title = O armazenamento da redação está cheio
error-full-body = O servidor está sem espaço para novas denúncias agora. Tente de novo em alguns dias.
error-busy-title = O servidor está ocupado
error-busy-body = Há denúncias demais sendo enviadas neste momento. Espere alguns minutos e envie de novo.
error-malformed-title = Não foi possível ler o formulário
error-malformed-body = O envio ficou incompleto ou danificado. Volte e envie de novo.
error-empty-title = Sua denúncia está vazia
error-empty-body = Escreva uma mensagem ou anexe pelo menos um arquivo.
error-not-found-title = Página não encontrada
error-not-found-body = Não há página neste endereço. Verifique se há erros de digitação, ou comece pela página inicial.
error-method-title = Esta ação não é possível aqui
error-method-body = Esta página não pode ser usada assim. Comece de novo pela página inicial.
error-internal-title = Algo deu errado
error-internal-body = O servidor não conseguiu guardar sua denúncia por um erro interno. Tente de novo mais tarde.

tor2web-title = Use o Tor Browser
tor2web-body = Você chegou a este site por um gateway Tor2web. O gateway vê tudo o que você envia e pode descobrir quem você é, por isso este site não aceita denúncias por ele.
tor2web-action = Baixe o Tor Browser em torproject.org e abra nele o endereço .onion deste site.

nav-codename = Tenho um codinome
submit-reply-label = Quero respostas: me deem um codinome
submit-reply-hint = Você verá um codinome de 7 palavras. Com ele, você lê as respostas da redação e envia mais depois. Ninguém pode recuperá-lo para você.
received-codename-heading = Seu codinome
received-codename-instruction = Anote este codinome agora, em papel, e guarde-o em lugar seguro. Ele só aparece desta vez. Quem o tiver pode ler as respostas da redação para você.
confirm-label = Para confirmar que você anotou, digite seu codinome aqui
confirm-button = Confirmar
confirm-ok-title = Codinome confirmado
confirm-ok-body = Você digitou seu codinome corretamente. Use-o na página “Tenho um codinome” para ler respostas e enviar mais.
confirm-mismatch = O que você digitou não corresponde ao seu codinome. Confira o que anotou e tente de novo.
followup-received-body = Sua nova mensagem foi criptografada e guardada com as anteriores.
codename-title = Tenho um codinome
codename-label = Seu codinome
codename-hint = Letras maiúsculas, espaços extras e quebras de linha não importam.
codename-nojs-note = Com JavaScript desligado, este servidor calcula as chaves da sua caixa a partir do codinome, na memória, só para este pedido, e as esquece quando a página é enviada.
codename-button = Abrir minha caixa
inbox-title = Sua caixa
inbox-no-replies = Ainda não há respostas.
inbox-reply-heading = Resposta da redação
inbox-reply-date = Enviada em { $date }
inbox-download = Baixar
inbox-delete = Apagar esta resposta
inbox-deleted = A resposta foi apagada.
inbox-unreadable = Não foi possível abrir esta resposta com o seu codinome: ela pode estar danificada. Apague-a e peça à redação que a envie de novo.
inbox-followup-heading = Enviar mais à redação
inbox-followup-button = Enviar com segurança
inbox-forget-heading = Apagar minha caixa
inbox-forget-body = Isto apaga sua caixa e todas as respostas nela. A redação não poderá mais responder, e seu codinome deixará de funcionar.
inbox-forget-confirm = Sim, apagar minha caixa
inbox-forget-button = Apagar minha caixa
inbox-forget-unconfirmed = Marque a opção para confirmar que quer apagar sua caixa. Nada foi apagado.
inbox-forgotten-title = Caixa apagada
inbox-forgotten-body = Sua caixa e as respostas nela foram apagadas.
error-codename-title = Este não é um codinome válido
error-codename-count = Um codinome tem 7 palavras; você digitou { $count ->
    [one] { $count } palavra
   *[other] { $count } palavras
}.
error-codename-word = “{ $word }” não é uma palavra de codinome. Compare a grafia com o que você anotou.

js-preparing = Criptografando sua denúncia neste navegador…
js-progress = {"{"}sent{"}"} de {"{"}total{"}"} criptografados e enviados
js-remaining = faltam cerca de {"{"}time{"}"}
js-retrying = A conexão caiu. Nova tentativa em {"{"}time{"}"}; nada do que já foi enviado se perde.
js-received = Sua denúncia foi criptografada no seu navegador e recebida pela redação.
js-failed = Não foi possível enviar sua denúncia: {"{"}reason{"}"}
js-empty = Escreva uma mensagem ou escolha um arquivo.
js-refused-too-large = Esta redação aceita denúncias de até {"{"}limit{"}"} no total. Envie menos arquivos ou arquivos menores, ou divida-os em várias denúncias.
js-refused-full = O servidor está sem espaço para novas denúncias agora. Tente de novo em alguns dias.
js-codename-heading = Seu codinome
js-codename-write-down = Anote este codinome agora, em papel, exatamente como aparece. Ele só aparece desta vez e não pode ser recuperado. Com ele, você lê as respostas da redação e envia mais depois (“Tenho um codinome”). Quem o tiver pode ler as respostas: guarde-o em segredo e longe deste aparelho.
js-codename-retype = Para confirmar que você anotou, digite seu codinome aqui:
js-codename-confirm = Já anotei: enviar minha denúncia
js-codename-cancel = Cancelar
js-codename-mismatch = Este não é o codinome mostrado acima. Compare palavra por palavra com o que você anotou.
js-codename-deriving = Preparando as chaves do seu codinome neste navegador (leva alguns segundos)…
js-codename-count = Um codinome tem 7 palavras; você digitou {"{"}count{"}"}.
js-codename-word = “{"{"}word{"}"}” não é uma palavra de codinome. Compare a grafia com o que você anotou.
js-inbox-opening = Abrindo sua caixa neste navegador. Seu codinome fica neste navegador; o servidor só guarda respostas criptografadas.
js-inbox-heading = Respostas da redação
js-inbox-empty = Ainda não há respostas.
js-inbox-received = Recebida em {"{"}date{"}"}
js-inbox-undecryptable = Não foi possível descriptografar esta resposta neste navegador: {"{"}reason{"}"}
js-inbox-download = Baixar {"{"}name{"}"} ({"{"}size{"}"})
js-inbox-delete = Apagar esta resposta
js-inbox-deleted = A resposta foi apagada.
js-inbox-followup-heading = Enviar mais à redação
js-inbox-followup-message = Sua mensagem
js-inbox-followup-files = Arquivos (opcional)
js-inbox-followup-send = Criptografar e enviar
js-inbox-forget-heading = Apagar sua caixa
js-inbox-forget-confirm = Sim, apagar minha caixa e todas as respostas nela; a redação não poderá mais responder a este codinome.
js-inbox-forget = Apagar minha caixa
js-inbox-forgotten = Sua caixa e as respostas nela foram apagadas.
js-inbox-failed = Não funcionou: {"{"}reason{"}"}
